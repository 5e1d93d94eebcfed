"""The description of each record type (commpolice/record.h), and records as dicts.

Every described record type (``"notice"``, ``"incident"``, ``"visit"``...)
has a table of fields: its C member name, the column it is read from, its
type, whether it may be unset, whether it identifies a person, its code
words (enums) and a line of doc:

    >>> [f["name"] for f in commpolice.record.fields("dispute") if f["identifies_person"]]
    ['parties', 'summary', 'outcome']

:func:`as_dict` turns a record the library returned into a dict by that
table, so that a new column shows in every dict without a change here.
"""

from . import core

__all__ = ["fields", "as_dict"]

_fields = {}


def fields(kind):
    """The fields of a record kind, in the order of its struct: a list of dicts
    ``name``, ``column``, ``type`` (id, int, int64, double, bool, date, text,
    enum), ``optional``, ``identifies_person``, ``codes`` (enums, else None),
    ``doc``. Raises InvalidError for an unknown kind."""
    if kind not in _fields:
        fs = core.record_fields(kind)
        for f in fs:
            f["optional"] = bool(f["optional"])
            f["identifies_person"] = bool(f["identifies_person"])
        _fields[kind] = fs
    return [dict(f) for f in _fields[kind]]


def as_dict(kind, record):
    """A record of ``kind`` (a SWIG record as cpol_X_get returned it) as a dict
    of its described fields: dates as :class:`datetime.date` or None, bools as
    bools, enums as their code words (None when unset)."""
    if kind not in _fields:
        fields(kind)
    out = {}
    for f in _fields[kind]:
        v = getattr(record, f["name"])
        t = f["type"]
        if t == "bool":
            v = bool(v)
        elif t == "enum":
            v = f["codes"][v - 1] if 0 < v <= len(f["codes"]) else None
        out[f["name"]] = v
    return out
