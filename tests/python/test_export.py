"""Research exports from Python: rows as dicts from a generator, pandas-ready;
pseudonyms per key; k reported and min_k met or refused; the log written.
The data: a small district built through the Python API, households chosen
so that k by households (3) differs from k by persons (5).
"""
import os

import pytest

import commpolice
from commpolice.export import Export, datasets, rows

SEX_ONLY = """\
profile: sex_only
max_suppression: 0.05
datasets:
  persons:
    columns:
      name: mask
    quasi_identifiers: [sex]
"""


def _id_number(birth, seq, male):
    s = seq * 2 + (1 if male else 0)
    digits = "110101%s%03d" % (birth, s % 1000)
    return digits + commpolice.population.idnum_check_char(digits)


@pytest.fixture
def district(db):
    region = db.region_add("national", "全国")
    station = db.station_add(region, "城关派出所")
    office = db.office_add(station, "城关社区警务室")
    district = db.district_add(office, "城关")
    community = db.community_add(station, "城关社区")
    db.district_cover(district, community, "2019-01-01")
    seq = 0
    # males: a household of 4 and two of 1; females: five of 1
    for size, male in [(4, True), (1, True), (1, True)] + [(1, False)] * 5:
        seq += 1
        addr = db.address_ensure(community, street="人民路", building=str(seq))
        house = db.house_add(addr)
        for _ in range(size):
            seq += 1
            person = db.person_add(_id_number("19870501", seq, male), "张三丰", office_id=office,
                                   phone="13812345678")
            db.move_in(person, house, "permanent", "2020-01-01")
    return db


def test_rows_are_dicts_from_a_generator_and_nothing_identifying_leaves(district, tmp_path):
    key = tmp_path / "p.key"
    key.write_bytes(os.urandom(32))
    gen = rows(district, "persons", key_file=str(key))
    first = next(gen)
    assert isinstance(first, dict)
    assert first["sex"] == "male" and first["birth_date"] == "1987"
    assert "name" not in first and "phone" not in first
    assert first["id_number"] == "110101"
    assert len(first["person"]) == 16 and first["office_id"] == 1
    assert len(list(gen)) == 10


def test_pseudonyms_are_stable_per_key_and_differ_across_keys(district, tmp_path):
    a, b = tmp_path / "a.key", tmp_path / "b.key"
    a.write_bytes(b"a" * 32)
    b.write_bytes(b"b" * 32)
    p1 = [r["person"] for r in rows(district, "persons", key_file=str(a))]
    p2 = [r["person"] for r in rows(district, "persons", key_file=str(a))]
    p3 = [r["person"] for r in rows(district, "persons", key_file=str(b))]
    assert p1 == p2
    assert not set(p1) & set(p3)


def test_k_counts_households_and_masks_names_by_character(district, tmp_path):
    prof = tmp_path / "sex_only.yaml"
    prof.write_text(SEX_ONLY, encoding="utf-8")
    ex = Export(district, "persons", profile=str(prof))
    out = list(ex)
    assert ex.k == 3
    assert {r["name"] for r in out} == {"张**"}


def test_min_k_beyond_the_households_is_refused_with_the_reason(district, tmp_path):
    prof = tmp_path / "sex_only.yaml"
    prof.write_text(SEX_ONLY, encoding="utf-8")
    with pytest.raises(commpolice.ConflictError) as e:
        Export(district, "persons", profile=str(prof), min_k=9)
    assert "8 households" in e.value.message


def test_a_missing_key_raises_naming_the_column(district):
    with pytest.raises(commpolice.InvalidError) as e:
        Export(district, "persons")
    assert "persons.person" in e.value.message


def test_the_export_is_logged(district, tmp_path):
    key = tmp_path / "p.key"
    key.write_bytes(os.urandom(32))
    ex = district.export("persons", key_file=str(key))
    n = len(list(ex))
    assert n == 11 and ex.rows == 11
    entries = list(district.audit_entries(table="export_log", row_id=ex.log_id))
    assert [e["action"] for e in entries] == ["insert", "update"]
    assert '"status":"done"' in entries[-1]["after"]
    assert ex.key_id in entries[-1]["after"]


def test_pandas_takes_the_rows_when_installed(district, tmp_path):
    pandas = pytest.importorskip("pandas")
    key = tmp_path / "p.key"
    key.write_bytes(os.urandom(32))
    frame = pandas.DataFrame(list(rows(district, "persons", key_file=str(key))))
    assert len(frame) == 11 and "sex" in frame.columns


def test_datasets_are_listed():
    ds = datasets()
    assert "persons" in ds and "monthly" in ds
