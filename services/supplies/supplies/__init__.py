"""Supplies service: partner supermarkets and pharmacies, their no-markup catalogs, delivery
rounds, orders and door deliveries, webhooks, community stock, distributions and donations."""
