"""Helpers for migrations that only PostgreSQL needs (SQLite has its own FTS5 table).
Django skips migration modules whose names start with "_", so this one is never a migration."""


def on_postgresql(statements: list[str]):
    """A RunPython function executing `statements` on PostgreSQL and nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run
