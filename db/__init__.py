"""Storage of a desk's ledger: SQLAlchemy models, engine and migrations."""
