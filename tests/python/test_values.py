"""Dates cross as datetime.date; help() shows the headers' doc comments.

Wherever the C API has a cpol_date (an argument, a result, a record's
field, a rules value) Python gives and takes datetime.date, None for
CPOL_DATE_NONE (docs/bindings.md "Dates"). The expected dates are worked
by hand at the edges:
- a dispute received on 2024-02-29 (leap day) reads back as that day, in
  the dict, in the raw record's field, and in the listing;
- "1d" after 2024-12-31 is 2025-01-01 (year end); "1m" after 2023-01-31 is
  2023-02-28 (clamped, common year); the "month" period of 2024-02-29 is
  2024-02-01..2024-02-29; 2024-Q4 is 2024-10-01..2024-12-31;
- the next monthly due after 2024-01-31 is the month's last day,
  2024-02-29, whether the argument is a date, a datetime or its text.
"""
import datetime
import os
import re
from datetime import date

import pytest

import commpolice
from commpolice import assess, core


@pytest.fixture
def office(db):
    region = db.region_add("national")
    station = db.station_add(region, "城东派出所")
    return db, db.office_add(station, "城东警务室")


def test_record_dates_are_dates(office):
    db, office_id = office
    did = db.dispute_add(office_id, date(2024, 2, 29), "王某、李某", "噪音")
    d = db.dispute(did)
    assert d["received_on"] == date(2024, 2, 29) and type(d["received_on"]) is date
    assert d["resolved_on"] is None  # not resolved: CPOL_DATE_NONE
    raw = db.dispute_get(did)
    assert raw.received_on == date(2024, 2, 29) and raw.resolved_on is None
    listed = list(db.dispute_list(office_id=office_id))
    assert [x["received_on"] for x in listed] == [date(2024, 2, 29)]
    # The same day given as text and as a datetime (its date) reads back the same.
    d2 = db.dispute_add(office_id, "2024-02-29", "赵某", "宅基地")
    d3 = db.dispute_add(office_id, datetime.datetime(2024, 2, 29, 23, 59), "钱某", "宅基地")
    assert db.dispute(d2)["received_on"] == db.dispute(d3)["received_on"] == date(2024, 2, 29)


def test_date_arguments_are_checked(office):
    db, office_id = office
    with pytest.raises(commpolice.InvalidError):
        db.dispute_add(office_id, "2023-02-29", "王某", "噪音")  # not a leap year
    with pytest.raises(TypeError, match="datetime.date"):
        db.dispute_add(office_id, 20240229, "王某", "噪音")


def test_decisions_return_dates():
    assert commpolice.duration_add("1d", date(2024, 12, 31)) == date(2025, 1, 1)
    assert commpolice.duration_add("1m", "2023-01-31") == date(2023, 2, 28)
    assert commpolice.cadence_period("month", date(2024, 2, 29)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert assess.period_bounds("2024-Q4") == (date(2024, 10, 1), date(2024, 12, 31))
    rules = commpolice.Rules.load("national")
    for last in (date(2024, 1, 31), datetime.datetime(2024, 1, 31, 8, 0), "2024-01-31"):
        assert rules.next_due("month", last) == date(2024, 2, 29)


def test_help_shows_the_header_doc_comments():
    # A method SWIG wraps: its C signature, the wrapper's line, the header's comment.
    doc = core.Database.audit.__doc__
    assert doc.lstrip().startswith("audit(")
    assert "Wraps cpol_audit_iter_new() (commpolice/audit.h)" in doc
    assert "Start reading the trail, oldest entry first." in doc
    # A method of the idiom layer: its own line, then the C function's comment.
    doc = core.Database.region_add.__doc__
    assert "Wraps cpol_region_add() (commpolice/org.h)" in doc and "Add a region." in doc
    # A record class: its header struct's comment.
    assert "A unit as read back." in core.Unit.__doc__


def test_most_public_methods_have_a_doc_beyond_their_signature():
    # 80% when written (the rest: accessors of the raw result holders,
    # count()/item(i), that call no documented C function).
    names = [getattr(core, n) for n in dir(core) if not n.startswith("_")]
    funcs = [f for f in names if callable(f) and not isinstance(f, type)]
    for cls in (c for c in names if isinstance(c, type) and c.__module__ == core.__name__):
        funcs += [f for n, f in vars(cls).items() if not n.startswith("_") and callable(f)]
    documented = [f for f in funcs if "\n\n" in (f.__doc__ or "").strip()]
    assert len(documented) >= 0.75 * len(funcs), (len(documented), len(funcs))


HEADERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "include", "commpolice")


def header_fields(header, struct):
    """The member names of a struct as the public header declares it."""
    with open(os.path.join(HEADERS, header), encoding="utf-8") as f:
        text = f.read()
    body = re.search(r"typedef struct %s \{(.*?)\n\} %s;" % (struct, struct), text, re.S).group(1)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    return [re.search(r"(\w+)\s*(\[[^]]*\])?$", d.strip()).group(1) for d in body.split(";") if d.strip()]


@pytest.mark.parametrize("header,struct,cls,by_method", [
    ("units.h", "cpol_unit", "Unit", ()), ("work.h", "cpol_notice", "Notice", ()),
    ("work.h", "cpol_incident", "Incident", ()), ("work.h", "cpol_dispute", "Dispute", ()),
    ("work.h", "cpol_request", "Request", ()), ("owed.h", "cpol_owed_item", "OwedItem", ()),
    ("audit.h", "cpol_audit_entry", "AuditEntry", ()),
    ("assess.h", "cpol_assess_change", "AssessChange", ()),
    ("assess.h", "cpol_survey", "Survey", ()),
    ("assess.h", "cpol_assess_line", "AssessLine", ("rule", "records", "record_count")),
    ("assess.h", "cpol_assess_sanction", "AssessSanction", ("rule", "actions", "action_count")),
    ("assess.h", "cpol_assess_result", "AssessResult",
     ("lines", "line_count", "sanctions", "sanction_count")),
])
def test_records_are_read_from_the_headers(header, struct, cls, by_method):
    # SWIG %includes the header (CPOL_HEADER_BEGIN in bindings/commpolice.i):
    # every member of the struct is a read-only property, but the arrays and
    # rule origins, which are read by methods (count() and item(i) shapes).
    members = [m for m in header_fields(header, struct) if m not in by_method]
    props = {n for n, v in vars(getattr(core, cls)).items() if isinstance(v, property)} - {"thisown"}
    assert props == set(members)
    assert all(callable(getattr(getattr(core, cls), m)) for m in by_method
               if m in ("record_count", "action_count", "line_count", "sanction_count"))
    assert all(getattr(core, cls).__dict__[m].fset is None for m in members)


def test_enum_words_come_from_the_c_functions():
    # units.h: CPOL_UNIT_OPEN = 1, SUSPENDED 2, CLOSED 3; prevention kinds
    # from CPOL_ORG_KIND_SECURITY_COMMITTEE = 1 to CPOL_ORG_KIND_OTHER = 10.
    assert [core.unit_status_name(k) for k in (1, 2, 3)] == ["open", "suspended", "closed"]
    assert core.prevention_kind_name(1) == "security_committee"
    assert core.prevention_kind_name(10) == "other"
