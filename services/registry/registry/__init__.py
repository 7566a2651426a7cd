"""Registry service: communities, buildings, households, people (and, by later issues, screening,
quarantine, passes, gate logs, rosters, tasks, notices)."""
