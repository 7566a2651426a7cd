"""Oversight: what reads across every context — the daily report and dashboard for the
sub-district, and the end-of-emergency purge of health and whereabouts data."""
