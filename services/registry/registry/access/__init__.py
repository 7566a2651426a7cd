"""Access: passes and their signing keys, gate rules, gates, gate logs, visitors and the offline
bundle the gate phones verify with. May import residents and health."""
