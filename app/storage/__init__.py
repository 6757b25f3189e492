"""The library database: SQLAlchemy rows, repositories, Alembic migrations, engine setup."""
