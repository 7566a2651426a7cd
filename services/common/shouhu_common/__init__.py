"""Shouhu's shared plumbing: settings base, database, problems, identity, logging, health.

Domain-free: nothing here knows what a household or an order is. A change here is reviewed like a
public API change, because all three services import it.
"""
