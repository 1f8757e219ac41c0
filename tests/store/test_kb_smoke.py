from accord.store.kb import open_kb, schema_revisions


def test_open_kb_creates_schema_on_each_backend(db_url):
    engine = open_kb(db_url)
    current, head = schema_revisions(engine)
    assert current == head
