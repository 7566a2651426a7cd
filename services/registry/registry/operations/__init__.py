"""Operations: workers and volunteers, gate shifts, tasks, disinfection, dispatch meetings and
notices. May import residents and access (the gate directory for shifts)."""
