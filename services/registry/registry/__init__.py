"""Registry service: communities, buildings, households and people; screening, returnees,
quarantine and follow-ups; passes, gates and gate logs; rosters, shifts, tasks, disinfection,
dispatch meetings and notices; the daily report's and dashboard's registry figures."""
