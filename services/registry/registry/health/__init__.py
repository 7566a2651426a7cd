"""Health: screening, returnees, quarantines and their rules, follow-ups and fever referrals.
May import residents."""
