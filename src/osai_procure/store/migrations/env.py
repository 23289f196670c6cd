"""Alembic environment: migrations run on the connection `store.db.migrate` hands over.

To write the next migration against a scratch database:

    .venv/bin/alembic -c src/osai_procure/store/migrations/alembic.ini revision \
        --autogenerate -m "what changes"
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from osai_procure.store.db import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # the alembic command line: a database URL from alembic.ini or -x url=
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    connection = create_engine(str(url)).connect()

# render_as_batch: SQLite cannot ALTER most things, so changes are made by copying the table.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
