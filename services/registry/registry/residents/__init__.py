"""Residents: the community's file — communities, buildings, households, people, grids, imports,
exports and the audit of full personal-data reads. Imports nothing but the service's shell."""
