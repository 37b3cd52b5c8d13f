"""The SQLite side of the full-text index, for migrations that change `SearchEntry`.

SQLite cannot alter most columns in place: Django copies the table to a new one and drops
the old, and the triggers that keep `search_fts` in step go with it. Every migration that
changes `SearchEntry` must therefore end with `migrations.RunPython(restore_sqlite, noop)`:
it puts the triggers back and refills `search_fts` from the table.
"""

TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_au",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_terms, terms)
        VALUES (new.id, new.title_terms, new.terms); END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        DELETE FROM search_fts WHERE rowid = old.id; END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
        INSERT INTO search_fts(rowid, title_terms, terms)
        VALUES (new.id, new.title_terms, new.terms); END""",
    "DELETE FROM search_fts",
    "INSERT INTO search_fts(rowid, title_terms, terms) "
    "SELECT id, title_terms, terms FROM search_searchentry",
]


def restore_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in TRIGGERS:
        schema_editor.execute(sql, params=None)
