"""Alembic migrations of the library schema (applied at start-up)."""
