"""Region rules (规则) from Python.

``Rules.load("nantong")`` loads a region by name (``national`` is built in;
other regions are ``<name>.yaml`` on the search path: ``search_path``, then
``CPOL_RULES_PATH``, then the installed directory); ``Rules.from_file(path)``
and ``Rules.from_string(text, name="office.yaml")`` load a file or YAML text.
A broken file raises :class:`commpolice.RulesError` (or ``ParseError``,
``NotFoundError``) whose ``file``, ``line``, ``column`` and ``field`` say
where::

    >>> rules = Rules.load("mountain_county")
    >>> rules.get("visits.households_per_month")
    30
    >>> rules.ref("visits.households_per_month")["line"]
    22
    >>> rules.is_working_day("2024-10-03")
    False
    >>> rules.is_working_day("2024-10-03", ref=True)[1]["key"]
    'calendar.holidays.2024[...]'

Values come in their Python type: whole numbers ``int``, numbers
``float``, booleans ``bool``, text, durations (``"3d"``), cadences
(``"month"``) and times (``"22:00"``) ``str``, dates :class:`datetime.date`,
weekday sets lists of names (``["wed", "thu"]``), lists and maps ``list``
and ``dict``. A rule's origin (*ref*) is a dict ``{key, file, line, column,
region}``. Decisions take dates as :class:`datetime.date` or ``"YYYY-MM-DD"``
and return dates as :class:`datetime.date`; with ``ref=True`` they return
``(value, ref)``, the ref naming the rule that decided.

The typed sections (``staffing()``, ``population()``, ``visits()``,
``places()``, ``obligations()``, ``duty()``, ``calendar()``,
``assessment()``) are dicts and lists in the form of the C structs of
``commpolice/rules.h``: lists sorted as the library sorts them (office
classes by rank, grades from the highest), holidays expanded to days,
documented defaults applied, each list element with its ``ref``.
"""

import datetime
import os
import re

from . import core

__all__ = ["Rules", "duration_add", "cadence_period", "sections"]

_MISSING = object()


def _date_text(d):
    if isinstance(d, datetime.datetime):
        d = d.date()
    if isinstance(d, datetime.date):
        return d.isoformat()
    return d


def _not_found():
    # The exception classes are made by the package before it imports this module.
    from . import NotFoundError
    return NotFoundError


def _weekdays(text):
    return re.findall(r"[a-z]+", text)


def duration_add(duration, date):
    """The last day allowed "within duration of date": ``duration_add("3d", "2024-02-28")``
    is ``date(2024, 3, 2)``."""
    return core.rules_duration_add(duration, _date_text(date))


def cadence_period(cadence, date):
    """The calendar period of a cadence containing date, as ``(first, last)``:
    ``cadence_period("quarter", "2024-05-08")`` is ``(date(2024, 4, 1), date(2024, 6, 30))``."""
    first, last = core.rules_cadence_period(cadence, _date_text(date))
    return first, last


def _load_sections():
    names = [core.rules_section_name(i) for i in range(core.rules_section_count())]
    fields = {n: [(core.rules_field_name(n, i), core.rules_field_type(n, i))
                  for i in range(core.rules_field_count(n))] for n in names}
    is_list = {n: bool(core.rules_section_is_list(n)) for n in names}
    return names, fields, is_list


_SECTIONS, _FIELDS, _IS_LIST = _load_sections()


def sections():
    """The names of the typed sections: "staffing", "staffing.office_classes", ..."""
    return list(_SECTIONS)


class Rules(core.Rules):
    """A validated, merged rule set of a region; immutable, so it may be
    shared by threads.

    ``Rules(source, kind="region", search_path=None, name=None, env=True,
    installed=True)``: kind is ``"region"``, ``"file"`` or ``"text"``;
    search_path a colon-separated string or a list of directories; name
    names a text in messages; ``env=False`` ignores ``CPOL_RULES_PATH``,
    ``installed=False`` the installed regions.
    """

    def __init__(self, source, kind="region", search_path=None, name=None, env=True,
                 installed=True):
        if isinstance(search_path, (list, tuple)):
            search_path = ":".join(os.fspath(p) for p in search_path)
        elif search_path is not None:
            search_path = os.fspath(search_path)
        if kind == "file":
            source = os.fspath(source)
        flags = (0 if env else 1) | (0 if installed else 2)
        super().__init__(source, kind, search_path, name, flags)

    @classmethod
    def load(cls, region, **kw):
        """The rules of a region by name: ``Rules.load("nantong")``."""
        return cls(region, "region", **kw)

    @classmethod
    def from_file(cls, path, **kw):
        """The rules of a file; its parent is looked up in its directory first."""
        return cls(path, "file", **kw)

    @classmethod
    def from_string(cls, text, name=None, **kw):
        """The rules of YAML text; name (default "<string>") names it in messages."""
        return cls(text, "text", name=name, **kw)

    def __repr__(self):
        return "<commpolice.Rules %s %s>" % (self.region(), self.hash()[:12])

    def at(self, date):
        """The rules as they stand on a day (a date or "YYYY-MM-DD"): each
        dated value replaced by the one in force (docs/rules.md)."""
        day = self.at_date(date if isinstance(date, str) else date.isoformat())
        day.__class__ = Rules  # the same C object, with this layer's methods
        return day

    def chain(self):
        """The files of the chain, the loaded one first: dicts of region and file."""
        return [{"region": self.chain_region(i), "file": self.chain_file(i)}
                for i in range(self.chain_length())]

    # ------------------------------------------------------------ values

    def lookup(self, key):
        """``(value, ref)`` of a key path; raises NotFoundError when no file set it."""
        kind = self.get_type(key)
        if kind in ("list", "map"):
            return self._tree(key, kind), self.get_ref(key)
        if kind == "null":
            return None, self.get_ref(key)
        if kind == "weekdays":
            text, ref = self.get_text(key)
            return _weekdays(text), ref
        getter = {
            "int": self.get_int, "number": self.get_number, "bool": self.get_bool,
            "string": self.get_string, "duration": self.get_duration,
            "cadence": self.get_cadence, "date": self.get_date, "time": self.get_text,
        }[kind]
        value, ref = getter(key)
        return value, ref

    def _tree(self, key, kind):
        if kind == "list":
            return [self.lookup("%s[%d]" % (key, i))[0] for i in range(self.get_count(key))]
        base = self.get_ref(key)["key"] or ""
        out = {}
        for leaf, _, _ in self.items(key):
            rest = leaf[len(base) + 1:] if base else leaf
            name = re.match(r"[^.\[]+", rest).group(0)
            if name not in out:
                out[name] = self.lookup(base + "." + name if base else name)[0]
        return out

    def get(self, key, default=_MISSING):
        """The value of a key path (see the module doc for the types); default
        (if given) when no file set it."""
        try:
            return self.lookup(key)[0]
        except _not_found():
            if default is _MISSING:
                raise
            return default

    def ref(self, key):
        """Where a value came from: dict of key, file, line, column, region."""
        return self.get_ref(key)

    def __getitem__(self, key):
        try:
            return self.lookup(key)[0]
        except _not_found() as e:
            raise KeyError(key) from e

    def __contains__(self, key):
        try:
            self.get_type(key)
        except _not_found():
            return False
        return True

    def items(self, prefix=None):
        """Yield ``(key, text, ref)`` for each scalar under prefix (all when
        None), in canonical key order; text is the value's canonical spelling."""
        cursor = super().items(prefix)
        while True:
            step = cursor.next()  # [ref, text], or None at the end
            if not step or step[0] is None:
                return
            ref, text = step
            yield ref["key"], text, ref

    def to_dict(self):
        """The whole merged rule set as nested dicts and lists."""
        return self.lookup("")[0]

    # ---------------------------------------------------------- sections

    def _element(self, name, i):
        d = {}
        for fname, ftype in _FIELDS[name]:
            v = self.section_field(name, i, fname)
            if v is not None and ftype == "weekdays":
                v = _weekdays(v)
            parts = fname.split(".")
            at = d
            for p in parts[:-1]:
                at = at.setdefault(p, {})
            at[parts[-1]] = v
        return d

    def _children(self, name, out, elements):
        for child in _SECTIONS:
            rest = child[len(name) + 1:]
            if not child.startswith(name + ".") or "." in rest:
                continue
            value = self.section(child)
            if elements is None:
                out[rest] = value
                continue
            # a list under a list: each element names its parent in its first field
            first = _FIELDS[child][0][0]
            for el in elements:
                pid = el.get("id", el.get("code"))
                el[rest] = [{k: v for k, v in c.items() if k != first}
                            for c in value if c[first] == pid]
        return out

    def section(self, name):
        """A typed section by name (see :func:`sections`): a struct as a dict of
        its fields, a list as a list of dicts (each with its ``ref``), a list of
        one field as a list of values; None where no file set a value."""
        if name not in _SECTIONS:
            if not any(s.startswith(name + ".") for s in _SECTIONS):
                core.rules_field_count(name)  # raises NotFoundError naming the section
            return self._children(name, {}, None)
        if not _IS_LIST[name]:
            return self._children(name, self._element(name, 0), None)
        n = self.section_count(name)
        fields = _FIELDS[name]
        if len(fields) == 1:
            return [self.section_field(name, i, fields[0][0]) for i in range(n)]
        elements = []
        for i in range(n):
            el = self._element(name, i)
            el["ref"] = self.section_ref(name, i)
            elements.append(el)
        return self._children(name, elements, elements)

    def staffing(self):
        """``staffing:`` with ``office_classes`` (by rank) and ``models``."""
        return self.section("staffing")

    def population(self):
        """``population:``: ``residence_types``, ``labels``, ``id_number``."""
        return self.section("population")

    def visits(self):
        """``visits:``."""
        return self.section("visits")

    def places(self):
        """``places:`` with its place ``types``."""
        return self.section("places")

    def obligations(self):
        """``obligations:``, a list."""
        return self.section("obligations")

    def duty(self):
        """``duty:`` with its ``posts``."""
        return self.section("duty")

    def calendar(self):
        """``calendar:``: holidays and workdays by day, ``market_days``."""
        return self.section("calendar")

    def assessment(self):
        """``assessment:``: items (each with its ``deduct`` list), bonus, veto,
        grades (highest first), difficulty, sanctions."""
        return self.section("assessment")

    # --------------------------------------------------------- decisions

    @staticmethod
    def _pick(result, ref):
        value, r = result
        return (value, r) if ref else value

    def next_due(self, cadence, last_done, ref=False):
        """The last day by which the next occurrence is owed ("YYYY-MM-DD")."""
        return self._pick(super().next_due(cadence, _date_text(last_done)), ref)

    def is_working_day(self, date, ref=False):
        """Is date a working day (holidays and make-up working days counted)?"""
        return self._pick(super().is_working_day(_date_text(date)), ref)

    def is_market_day(self, date, ref=False):
        """Is date a market day (墟日)?"""
        return self._pick(super().is_market_day(_date_text(date)), ref)

    def is_reception_day(self, date, ref=False):
        """Is date a fixed day for receiving the public?"""
        return self._pick(super().is_reception_day(_date_text(date)), ref)

    def officers_needed(self, residents=0, households=0, ref=False):
        """Officers an area needs by the staffing ratios."""
        return self._pick(super().officers_needed(residents, households), ref)

    def office_class_for(self, residents=0, households=0, floating=0, key_persons=0, places=0,
                         cases_per_10k=0, ref=False):
        """The code of the office class a profile falls in."""
        return self._pick(super().office_class_for(residents, households, floating, key_persons,
                                                   places, cases_per_10k), ref)

    def score_item(self, item, value):
        """Score an assessment item: dict of points, deduction, shortfall,
        capped and ref (the deduction rule that took most, or the weight)."""
        points, deduction, shortfall, capped, r = super().score_item(item, value)
        return {"points": points, "deduction": deduction, "shortfall": shortfall,
                "capped": capped, "ref": r}

    def grade_for(self, score, ref=False):
        """The code of the grade band of a total score."""
        return self._pick(super().grade_for(score), ref)

    def difficulty_for(self, office_class, ref=False):
        """The difficulty coefficient of an office class (1.0 when none is set)."""
        return self._pick(super().difficulty_for(office_class), ref)

    def sanction_applies(self, sanction, rank=0, ranked=0, last_place_streak=0, score=0,
                         metric_value=0, previous_scores=(), ref=False):
        """Does a sanction's condition hold for a standing? previous_scores are
        the totals of the periods before, the one just before first: a streak
        (``consecutive: 2`` with ``score_below: 80``) needs each under the bar."""
        prev = ",".join(repr(float(x)) for x in previous_scores)
        return self._pick(super().sanction_applies(sanction, rank, ranked, last_place_streak,
                                                   score, metric_value, prev), ref)

    def run_tests(self, include_passed=False):
        """Run the file's ``tests:``; returns the failures (all results with
        include_passed) as dicts: name, check, passed, expected, actual, file,
        line, column, ref."""
        run = super().run_tests()
        out = []
        for i in range(run.count()):
            if run.passed(i) and not include_passed:
                continue
            out.append({"name": run.name(i), "check": run.check(i), "passed": run.passed(i),
                        "expected": run.expected(i), "actual": run.actual(i),
                        "file": run.file(i), "line": run.line(i), "column": run.column(i),
                        "ref": run.ref(i)})
        return out
