"""Assessment (考核) from Python: metrics, surveys, scoring, explanations.

    >>> import commpolice
    >>> from commpolice.assess import Assessor
    >>> with commpolice.Database("office.db") as db:
    ...     a = Assessor(db, commpolice.Rules("mountain_county"))
    ...     a.add_metric("good_deeds", lambda name, subject, sid, office, period: 3)
    ...     q2 = a.score("2024-Q2")
    ...     for r in q2.results():
    ...         print(r["rank"], r["name"], r["total"], r["grade"])
    ...     print(q2.explain(q2.results()[-1]["subject_id"]))

Periods are text: ``"2024-05"``, ``"2024-Q2"``, ``"2024-H1"``, ``"2024"``.
Subjects are ``"officer"`` (staff ids) or ``"office"`` (office ids); scope
and ranking levels ``"region"``, ``"station"``, ``"office"``. Results are
dicts (results, their ``lines`` and ``sanctions``, each line naming its
``rule``). Rates are fractions (0.9 is 90%), as the rules write ``90%``.

A metric callback is called once per subject scored as
``fn(name, subject, subject_id, office_id, period)`` and answers ``None``
(no value: the item scores 0), a number, or ``(value, numerator,
denominator[, note])``; an exception stops the scoring with
:class:`commpolice.CallbackError` carrying its text.

The database methods ``metric_store``, ``survey_add``, ``survey_archive``,
``surveys`` and ``assessment_load`` are on :class:`commpolice.Database`;
:func:`survey_list` and :func:`store_metric` wrap them with keywords.
"""

import json

from . import core

__all__ = ["Assessor", "Assessment", "builtin_metrics", "store_metric", "add_survey",
           "survey_list", "load_assessment", "latest_run", "what_if", "compare",
           "period_bounds", "period_previous"]


def _rules(rules):
    """A Rules object, or one loaded by region name."""
    if isinstance(rules, str):
        return core.Rules(rules)
    return rules


class Assessment:
    """A scored period: results per subject, in order of group, rank and id."""

    def __init__(self, handle):
        self._h = handle
        self._data = None

    def _json(self):
        if self._data is None:
            self._data = json.loads(self._h.json())
        return self._data

    @property
    def period(self):
        return self._h.period()

    @property
    def subject(self):
        return self._h.subject()

    @property
    def rules_hash(self):
        return self._h.rules_hash()

    @property
    def region(self):
        return self._h.region()

    @property
    def run_id(self):
        return self._h.run_id()

    def __len__(self):
        return self._h.count()

    def results(self):
        """Every result as a dict: subject_id, name, badge, office_id, office_name,
        office_class, station_id, region_id, group_id, base, coefficient, bonus,
        total, grade, grade_name, veto, rank, ranked, last_place,
        last_place_streak, incomplete, lines, sanctions."""
        return self._json()["results"]

    def result(self, subject_id):
        """The result of one subject; KeyError when it was not scored."""
        for r in self.results():
            if r["subject_id"] == subject_id:
                return r
        raise KeyError(subject_id)

    def ranking(self):
        """(rank, name, total, grade, [sanction ids]) per result, in order."""
        return [(r["rank"], r["name"], r["total"], r["grade"],
                 [s["id"] for s in r["sanctions"]]) for r in self.results()]

    def explain(self, subject_id):
        """The result of one subject as readable text, line by line."""
        return self._h.explain(subject_id)

    def trace(self, subject_id):
        """The versioned trace of one result as a dict (format
        "commpolice.trace/1", docs/assess.md "Trace")."""
        return json.loads(self._h.trace(subject_id))

    def to_json(self):
        """The whole assessment as JSON text."""
        return self._h.json()

    def save(self, db):
        """Save as a run (with the rule-set hash); its id."""
        run = self._h.save(db)
        self._data = None
        return run


class Assessor:
    """Scores periods of a database by a rule set (a Rules object or a region name)."""

    def __init__(self, db, rules):
        self._db = db  # the assessor borrows the database: keep it alive
        self._h = core.Assessor(db, _rules(rules))

    def add_metric(self, name, fn, unit="number"):
        """Add a metric computed by ``fn(name, subject, subject_id, office_id, period)``.

        unit: "count", "rate", "ratio", "per_10k" or "number" (for explanations).
        """
        self._h.add_metric(name, fn, unit)

    def metric(self, name, subject_id, period, subject="officer"):
        """One metric for one subject: a dict with has_value, value, numerator,
        denominator, source, unit, note, record_table and records (ids)."""
        text = self._h.metric(name, subject_id, period, subject)
        f = text.split("\t")
        return {
            "has_value": f[0] == "1", "value": float(f[1]), "numerator": float(f[2]),
            "denominator": float(f[3]), "source": f[4], "unit": f[5], "note": f[6],
            "record_table": f[7] or None,
            "records": [int(x) for x in f[8].split(",") if x],
        }

    def score(self, period, subject="officer", scope=None, rank=None, with_records=False):
        """Score a period. scope: None (all) or ("station", id) / ("region", id) /
        ("office", id); rank: None (the rules' ranking_scope), "station", "region"
        or "office". Nothing is written: see Assessment.save()."""
        level, sid = scope if scope else (None, 0)
        return Assessment(self._h.score(period, subject, level, sid, rank, int(with_records)))


def builtin_metrics():
    """The built-in metrics: dicts with name, title, unit, source, module, description."""
    keys = ("name", "title", "unit", "source", "module", "description")
    return [{k: core.assess_builtin_field(i, k) for k in keys}
            for i in range(core.assess_builtin_count())]


def store_metric(db, name, subject_id, period, value, subject="officer", numerator=0.0,
                 denominator=0.0, note=None, source=None):
    """Store a value a script computed for a subject and period; its record id."""
    return db.metric_store(name, subject_id, period, float(value), subject, float(numerator),
                           float(denominator), note, source)


def add_survey(db, office_id, kind, conducted_on, sample_size, positive, note=None):
    """Record a survey ("satisfaction", "familiarity", "visibility"); its id."""
    return db.survey_add(office_id, kind, conducted_on, sample_size, positive, note)


def survey_list(db, office_id=0, period=None):
    """The live surveys of an office (0: all) in a period (None: all), as dicts."""
    cursor = db.surveys(office_id, period)
    out = []
    while True:
        s = cursor.next()
        if s is None:
            return out
        out.append({"id": s.id, "office_id": s.office_id, "kind": s.kind_name(),
                    "conducted_on": s.conducted_on, "sample_size": s.sample_size,
                    "positive": s.positive, "note": s.note})


def load_assessment(db, run_id):
    """A saved run."""
    return Assessment(db.assessment_load(run_id))


def latest_run(db, period, subject="officer", scope=None):
    """The id of the latest saved run of a period for a subject kind and scope."""
    level, sid = scope if scope else (None, 0)
    return db.assessment_latest(period, subject, level, sid)


def _changes(diff):
    out = []
    for i in range(diff.count()):
        c = diff.get(i)
        out.append({
            "subject_id": c.subject_id, "name": c.subject_name,
            "in_before": bool(c.in_before), "in_after": bool(c.in_after),
            "total_before": c.total_before, "total_after": c.total_after,
            "rank_before": c.rank_before, "rank_after": c.rank_after,
            "grade_before": c.grade_before, "grade_after": c.grade_after,
            "sanctions_before": [x for x in c.sanctions_before.split(",") if x],
            "sanctions_after": [x for x in c.sanctions_after.split(",") if x],
            "rank_changed": bool(c.rank_changed), "grade_changed": bool(c.grade_changed),
            "sanctions_changed": bool(c.sanctions_changed),
        })
    return out


def what_if(db, rules_before, rules_after, period, subject="officer", scope=None, rank=None):
    """Score a period under two rule sets; what changes (ranks, grades, sanctions), as dicts."""
    level, sid = scope if scope else (None, 0)
    return _changes(core.assess_what_if(db, _rules(rules_before), _rules(rules_after), period,
                                        subject, level, sid, rank))


def compare(before, after):
    """What changes between two assessments of the same subjects, as dicts."""
    return _changes(core.assess_compare(before._h, after._h))


def period_bounds(period):
    """("YYYY-MM-DD", "YYYY-MM-DD"): the first and last day of a period."""
    return core.assess_period_start(period), core.assess_period_end(period)


def period_previous(period):
    """The period before: "2024-Q1" → "2023-Q4"."""
    return core.assess_period_previous(period)
