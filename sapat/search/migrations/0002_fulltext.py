"""The full-text structure next to the index table, by database (see `sapat.search.index`).

SQLite: an FTS5 table over the search keys, kept by triggers (a flush's DELETE fires them
too, so tests that empty the database leave no stale rows behind). PostgreSQL: tsvector
columns filled by a trigger, with GIN indexes. Neither is a Django field: the ORM writes
the row, the database keeps its full-text copy.
"""
from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, terms, prefix='2 3 4')",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_terms, terms)
        VALUES (new.id, new.title_terms, new.terms); END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        DELETE FROM search_fts WHERE rowid = old.id; END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
        INSERT INTO search_fts(rowid, title_terms, terms)
        VALUES (new.id, new.title_terms, new.terms); END""",
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS search_entry_au", "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai", "DROP TABLE IF EXISTS search_fts",
]
POSTGRES = [
    "ALTER TABLE search_searchentry ADD COLUMN keys_vector tsvector, "
    "ADD COLUMN ru_vector tsvector",
    """CREATE FUNCTION search_entry_vectors() RETURNS trigger AS $$
    BEGIN
        NEW.keys_vector := setweight(to_tsvector('simple', NEW.title_terms), 'A')
            || setweight(to_tsvector('simple', NEW.terms), 'D');
        NEW.ru_vector := setweight(to_tsvector('russian', NEW.title || ' ' || NEW.title_ru
            || ' ' || NEW.title_en), 'A') || setweight(to_tsvector('russian', NEW.text), 'D');
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER search_entry_vectors BEFORE INSERT OR UPDATE ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_entry_vectors()""",
    "CREATE INDEX search_keys_gin ON search_searchentry USING gin (keys_vector)",
    "CREATE INDEX search_ru_gin ON search_searchentry USING gin (ru_vector)",
]
POSTGRES_BACK = [
    "DROP TRIGGER IF EXISTS search_entry_vectors ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_vectors()",
    "DROP INDEX IF EXISTS search_keys_gin", "DROP INDEX IF EXISTS search_ru_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS keys_vector, "
    "DROP COLUMN IF EXISTS ru_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql, params=None)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_BACK, "postgresql": POSTGRES_BACK}),
        ),
    ]
