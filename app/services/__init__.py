"""Use cases: one user action is one transaction; no Qt here."""
