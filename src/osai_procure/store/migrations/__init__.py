"""Alembic migrations of the store's schema (run by `store.db.make_engine`)."""
