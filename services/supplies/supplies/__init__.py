"""Supplies service: partner supermarkets and pharmacies (and, by later issues, the no-markup
catalog, orders, delivery rounds, community stock, distributions and donations)."""
