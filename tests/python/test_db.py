"""The foundation from Python: open, errors raise, transactions, audit."""
import sqlite3

import pytest

import commpolice


def test_version_is_the_library_version():
    assert commpolice.version().count(".") == 2
    assert commpolice.schema_latest() >= 1


def test_installed_metadata_and_version():
    # The package's version is the library's, and the distribution's
    # metadata (what pip and importlib.metadata read) says the same.
    import importlib.metadata
    assert commpolice.__version__ == commpolice.version()
    assert importlib.metadata.version("commpolice") == commpolice.__version__
    meta = importlib.metadata.metadata("commpolice")
    assert meta["Name"] == "commpolice" and meta["License"] == "MIT"
    assert "Typing :: Typed" in meta.get_all("Classifier")


def test_open_memory_and_file(db, tmp_path):
    assert db.schema_version() == commpolice.schema_latest()
    assert db.user() == "tester"
    with commpolice.Database(":memory:") as mem:
        assert mem.path() == ":memory:"
        assert mem.user() is None


def test_every_error_code_has_a_class():
    for name in ("NotFoundError", "InvalidError", "SchemaError", "RulesError",
                 "BusyError", "ConstraintError", "MisuseError", "ReadOnlyError"):
        cls = getattr(commpolice, name)
        assert issubclass(cls, commpolice.Error)
        assert cls.code < 0
    codes = {getattr(commpolice, n).code for n in commpolice.__all__
             if isinstance(getattr(commpolice, n), type)
             and issubclass(getattr(commpolice, n), commpolice.Error)
             and getattr(commpolice, n) is not commpolice.Error}
    assert len(codes) >= 17


def test_missing_file_raises_not_found(tmp_path):
    path = str(tmp_path / "nope.db")
    with pytest.raises(commpolice.NotFoundError) as info:
        commpolice.Database(path, create=False)
    assert info.value.file == path
    assert "no such database file" in info.value.message
    assert info.value.name == "CPOL_ENOTFOUND"


def test_missing_file_is_also_a_lookup_error(tmp_path):
    with pytest.raises(LookupError):
        commpolice.Database(str(tmp_path / "nope.db"), create=False)


@pytest.mark.parametrize("name, builtin", [
    ("OutOfMemoryError", MemoryError), ("InvalidError", ValueError),
    ("NotFoundError", LookupError), ("ExistsError", ValueError),
    ("ConstraintError", ValueError), ("BusyError", TimeoutError),
    ("IoError", OSError), ("RulesError", ValueError), ("ParseError", ValueError),
    ("ReadOnlyError", PermissionError), ("MisuseError", RuntimeError),
    ("UnsupportedError", NotImplementedError), ("CallbackError", RuntimeError),
])
def test_error_classes_derive_from_the_matching_builtin(name, builtin):
    assert issubclass(getattr(commpolice, name), builtin)


def test_errors_without_a_builtin_match_are_plain_errors():
    for name in ("GenericError", "SchemaError", "ConflictError", "DatabaseError"):
        assert getattr(commpolice, name).__bases__ == (commpolice.Error,)


def test_error_repr_names_class_message_and_place(tmp_path):
    path = str(tmp_path / "nope.db")
    with pytest.raises(commpolice.NotFoundError) as info:
        commpolice.Database(path, create=False)
    r = repr(info.value)
    assert r.startswith("NotFoundError(%r, file=%r, line=0, column=0" % (info.value.message, path))


def test_newer_schema_raises_schema_error(tmp_path):
    path = str(tmp_path / "future.db")
    commpolice.Database(path).close()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = %d" % (commpolice.schema_latest() + 1))
    raw.commit()
    raw.close()
    with pytest.raises(commpolice.SchemaError, match="newer than this library"):
        commpolice.Database(path)


def test_closed_database_raises_misuse(db):
    db.close()
    db.close()  # idempotent
    with pytest.raises(commpolice.MisuseError, match="closed"):
        db.begin()


def test_transactions_nest_and_misuse_raises(db):
    with commpolice.transaction(db):
        assert db.transaction_depth() == 1
        with commpolice.transaction(db):
            assert db.transaction_depth() == 2
    assert db.transaction_depth() == 0
    with pytest.raises(commpolice.MisuseError):
        db.commit()


def test_readonly_refuses_writes(tmp_path):
    path = str(tmp_path / "ro.db")
    commpolice.Database(path).close()
    with commpolice.Database(path, readonly=True) as ro:
        with pytest.raises(commpolice.ReadOnlyError):
            ro.begin()


def test_audit_trail_is_empty_on_a_new_database(db):
    assert list(db.audit_entries()) == []
    assert list(db.audit_entries(table="audit_log", row_id=1)) == []


def test_an_untouched_database_verifies(tmp_path):
    path = str(tmp_path / "office.db")
    with commpolice.Database(path, user="012345") as db:
        db.region_add("national", "三明市")
        findings, summary = db.verify()
    assert findings == []
    assert summary["entries"] == 1
    assert summary["rows"] == 1
    assert summary["head_id"] == 1 and len(summary["head_hash"]) == 64


def test_a_dropped_trigger_is_named_and_writes_raise_until_repaired(tmp_path):
    path = str(tmp_path / "office.db")
    with commpolice.Database(path, user="012345") as db:
        db.region_add("national", "三明市")
    raw = sqlite3.connect(path)
    raw.executescript("DROP TRIGGER audit_region_update; UPDATE region SET name = '假' WHERE id = 1;")
    raw.close()
    with commpolice.Database(path, user="012345") as db:
        assert "audit_region_update" in db.audit_tampered()
        findings, _ = db.verify()
        kinds = {(f["kind"], f["table"], f["row"], f["object"]) for f in findings}
        assert ("trigger-missing", "region", 0, "audit_region_update") in kinds
        assert ("row-changed", "region", 1, None) in kinds
        with pytest.raises(commpolice.TamperedError):
            db.region_add("sanming", "三明")
        assert db.audit_repair() == 1
        assert db.audit_tampered() is None
        db.region_add("sanming", "三明")


def test_a_keyed_database_and_its_backup(tmp_path):
    key = tmp_path / "audit.key"
    key.write_bytes(b"0123456789abcdef-python-key")
    key.chmod(0o600)
    path, copy = str(tmp_path / "office.db"), str(tmp_path / "copy.db")
    with commpolice.Database(path, key_file=str(key)) as db:
        assert len(db.audit_key_id()) == 16
        db.region_add("national")
        db.backup(copy)
        with pytest.raises(commpolice.ExistsError):
            db.backup(copy)
    with commpolice.Database(copy, key_file=str(key), readonly=True) as db:
        findings, summary = db.verify()
    assert findings == [] and summary["entries_keyed"] == 1


def test_useful_reprs(tmp_path):
    # A handle says what it is and whether it is open; a record shows its
    # fields (dataclass style), not SWIG's "proxy of <Swig Object ...>".
    path = str(tmp_path / "r.db")
    db = commpolice.Database(path, user="012345")
    assert repr(db) == "<commpolice.Database %r user='012345'>" % path
    office = db.office_add(db.station_add(db.region_add("national"), "城东派出所"), "城东警务室")
    d = db.dispute_get(db.dispute_add(office, "2024-05-02", "张三; 李四", "噪音"))
    text = repr(d)
    assert text.startswith("Dispute(id=1, office_id=%d, " % office)
    assert "parties='张三; 李四'" in text and "outcome=None" in text
    assert "Swig" not in repr(db.audit_verify())
    db.close()
    assert repr(db) == "<commpolice.Database (closed)>"
