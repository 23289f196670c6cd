"""One module per schema revision, oldest first (see `alembic history`)."""
