"""Units (实有单位) and the office's work from Python.

``commpolice.Rules("national")`` (or ``Rules(text, "text")``,
``Rules(path, "file")``) holds a region's rules: the same object the
assessment and the other modules take. The methods on
:class:`commpolice.Database` take it where a rule decides (``unit_add``,
``unit_update``, ``notice_issue``, ``duty_record_add``, ``owed``,
``owed_items``, ``work_rates``, ``rates``); a region name (``"national"``)
is accepted too and loaded for that call (load a Rules once to reuse it).
Dates are :class:`datetime.date` (``"YYYY-MM-DD"`` text is taken too).
Records come back as dicts:

    >>> items = db.owed_items(rules, office, "2024-10-09")
    >>> items[0]["what"], items[0]["due"], items[0]["rule"]["key"]

Listings are generators of dicts over keyset pages (``page`` rows a call);
the first page is read at once, so that a bad query raises where it is made:

    >>> for n in db.notice_list(office_id=office, state="overdue", on="2024-10-10"):
    ...     print(n["number"], n["deadline"])

Every failure raises a :class:`commpolice.Error` subclass naming the field.
"""

import functools

from . import core
from . import record as _record
from .rules import Rules

__all__ = ["OWED_KINDS", "owed_mask"]

def _as_rules(rules):
    """A Rules object as it is; a region name loaded with :meth:`Rules.load`."""
    if isinstance(rules, str):
        return Rules.load(rules)
    return rules


def _taking_rules(name, index):
    """Wrap the SWIG method ``name`` so that its ``rules`` argument (positional
    ``index``, or keyword) may be a region name."""
    raw = getattr(core.Database, name)

    @functools.wraps(raw)
    def method(self, *args, **kw):
        if "rules" in kw:
            kw["rules"] = _as_rules(kw["rules"])
        elif len(args) > index:
            args = args[:index] + (_as_rules(args[index]),) + args[index + 1:]
        return raw(self, *args, **kw)

    return method


for _name, _index in (("unit_add", 0), ("unit_update", 1), ("notice_issue", 0),
                      ("duty_record_add", 0), ("owed", 0), ("work_rates", 0)):
    setattr(core.Database, _name, _taking_rules(_name, _index))
del _name, _index


def _unit(u):
    return _record.as_dict("unit", u)


def _notice(n):
    d = _record.as_dict("notice", n)
    d["deadline_rule"] = {"key": d.pop("deadline_key"), "file": d.pop("deadline_file"),
                          "line": d.pop("deadline_line")}
    return d


def _owed_item(it):
    return {
        "kind": it.kind_name(), "office_id": it.office_id, "officer_id": it.officer_id,
        "subject_id": it.subject_id, "person_id": it.person_id, "house_id": it.house_id,
        "label": it.label, "subject": it.subject, "what": it.what,
        "due": it.due, "last_done": it.last_done,
        "days_overdue": it.days_overdue, "overdue": bool(it.overdue),
        "done": it.done, "target": it.target,
        "provisional": bool(it.provisional),
        "rule": {"key": it.rule_key, "file": it.rule_file, "line": it.rule_line,
                 "region": it.rule_region},
    }


def unit(self, unit_id):
    """The unit as a dict."""
    return _unit(self.unit_get(unit_id))


def unit_periods(self, unit_id):
    """The unit's status history: a list of dicts, oldest first."""
    h = self.unit_history(unit_id)
    return [{"status": h.status(i), "valid_from": h.valid_from(i), "valid_to": h.valid_to(i),
             "reason": h.reason(i)} for i in range(h.count())]


def unit_list(self, office_id=0, type=None, status=None, officer_id=0, include_archived=0):
    """Yield units as dicts, by id."""
    cur = self.units(office_id, type, status, officer_id, include_archived)
    while True:
        u = cur.next()
        if u is None:
            return
        yield _unit(u)


def inspection(self, inspection_id):
    """The inspection with its items and hazards, as a dict."""
    i = self.inspection_get(inspection_id)
    return {
        "id": i.id(), "office_id": i.office_id(), "unit_id": i.unit_id(),
        "officer_id": i.officer_id(), "on": i.on(), "kind": i.kind_text(),
        "notice_id": i.notice_id(), "note": i.note(),
        "items": [{"item": i.item_text(k), "ok": bool(i.item_ok(k)), "fire": bool(i.item_fire(k)),
                   "finding": i.item_finding(k)} for k in range(i.item_count())],
        "hazards": [{"description": i.hazard_text(k), "fire": bool(i.hazard_fire(k)),
                     "notice_id": i.hazard_notice_id(k), "fixed_on": i.hazard_fixed_on(k)}
                    for k in range(i.hazard_count())],
    }


def notice(self, notice_id):
    """The rectification notice as a dict."""
    return _notice(self.notice_get(notice_id))


def incident(self, incident_id):
    """The incident as a dict."""
    return _record.as_dict("incident", self.incident_get(incident_id))


def dispute(self, dispute_id):
    """The dispute as a dict."""
    return _record.as_dict("dispute", self.dispute_get(dispute_id))


def request(self, request_id):
    """The resident request as a dict."""
    return _record.as_dict("request", self.request_get(request_id))


#: The owed kinds, in the order of their numbers (commpolice/owed.h).
OWED_KINDS = ("inspection", "contact", "supervision", "notice", "escalation", "return_visit",
              "feedback", "obligation", "work_log", "household_visits", "key_person_visits",
              "immediate", "assessment", "talk", "person_visit", "registration",
              "verify_registration", "rental", "household", "lost",
              "contact_card", "verify", "night_patrols", "publicity")


def owed_mask(kinds):
    """The kinds mask of :meth:`Database.owed` for a list of kind names."""
    mask = 0
    for k in kinds or ():
        mask |= 1 << core.owed_kind_code(k)
    return mask


def owed_items(self, rules, office_id, on, officer_id=0, horizon_days=7, since=None,
               kinds=None, person_id=0, house_id=0, offset=0, limit=0):
    """Everything an office (or officer) owes on a day (persons, households,
    units, cases, duties): a list of dicts, most overdue first, each naming
    its rule.

    ``rules``: a :class:`commpolice.Rules`, a region name, or None for the
    office's region. ``kinds``: kind names ("registration", "inspection"...),
    None for all. ``offset``/``limit`` page the sorted list."""
    lst = self.owed(rules, office_id, on, officer_id, horizon_days, since, owed_mask(kinds),
                    person_id, house_id, offset, limit)
    return [_owed_item(lst.item(i)) for i in range(lst.count())]


def owed_counts(self, rules, office_id, on, officer_id=0, horizon_days=7, since=None,
                kinds=None, person_id=0, house_id=0):
    """How many items the owed view holds: {"total", "overdue", "provisional",
    "by_kind": {kind: n}} (kinds with no item left out)."""
    lst = self.owed(rules, office_id, on, officer_id, horizon_days, since, owed_mask(kinds),
                    person_id, house_id, 0, 0)
    by_kind = {}
    for name in OWED_KINDS:
        n = lst.by_kind(name)
        if n:
            by_kind[name] = n
    return {"total": lst.total(), "overdue": lst.overdue(), "provisional": lst.provisional(),
            "by_kind": by_kind}


def rates(self, rules, office_id, from_, to, officer_id=0):
    """Completion rates for a period: {name: {"due", "done", "rate", "rule"}}."""
    r = self.work_rates(rules, office_id, from_, to, officer_id)
    return {name: {"due": r.due(name), "done": r.done(name), "rate": r.rate(name),
                   "rule": r.rule_key(name)}
            for name in ("inspections", "notices_on_time", "return_visits", "feedback")}


def _paged(fetch, page, fix=None):
    """A generator over keyset pages of fetch(after_id, limit); the first page is read now."""
    if page < 1:
        raise ValueError("page must be at least 1")
    rows = fetch(0, page)

    def gen(rows):
        while True:
            for r in rows:
                yield fix(r) if fix else r
            if len(rows) < page:
                return
            rows = fetch(rows[-1]["id"], page)

    return gen(rows)


def _bools(*keys):
    def fix(r):
        for k in keys:
            r[k] = bool(r[k])
        return r
    return fix


def _inspection_fix(r):
    for it in r["items"]:
        it["ok"], it["fire"] = bool(it["ok"]), bool(it["fire"])
    for h in r["hazards"]:
        h["fire"] = bool(h["fire"])
    return r


def notice_list(self, office_id=0, state=None, year=0, unit_id=0, officer_id=0, on=None, page=200):
    """Yield rectification notices as dicts (as :meth:`notice`), by id.

    ``state``: ``"open"``, ``"overdue"`` (overdue on ``on``, required) or ``"closed"``;
    ``year``: the year of issue (of the number).
    """
    return _paged(lambda after, n: core.work_notice_page(self, office_id, unit_id, officer_id, state,
                                                         year, on, after, n), page)


def inspection_list(self, office_id=0, unit_id=0, officer_id=0, kind=None, from_=None, to=None,
                    page=200):
    """Yield inspections with their items and hazards as dicts (as :meth:`inspection`), by id.

    ``kind``: ``"routine"``, ``"fire"``, ``"special"`` or ``"reinspection"``;
    ``from_``/``to``: the period, either end open.
    """
    return _paged(lambda after, n: core.work_inspection_page(self, office_id, unit_id, officer_id,
                                                             kind, from_, to, after, n),
                  page, _inspection_fix)


def visit_list(self, office_id=0, officer_id=0, kind=None, unit_id=0, from_=None, to=None, page=200):
    """Yield visits and contacts as dicts, by id; ``kind`` as for ``visit_add``."""
    return _paged(lambda after, n: core.work_visit_page(self, office_id, officer_id, kind, unit_id,
                                                        from_, to, after, n), page)


def incident_list(self, office_id=0, officer_id=0, kind=None, from_=None, to=None,
                  unreturned=False, major=False, page=200):
    """Yield incidents as dicts (as :meth:`incident`), by id.

    ``unreturned``: only those not yet returned to; ``major``: only major cases.
    """
    return _paged(lambda after, n: core.work_incident_page(self, office_id, officer_id, kind, from_,
                                                           to, int(bool(unreturned)),
                                                           int(bool(major)), after, n),
                  page, _bools("major"))


def request_list(self, office_id=0, officer_id=0, from_=None, to=None, unanswered=False,
                 in_scope=None, page=200):
    """Yield resident requests as dicts (as :meth:`request`), by id.

    ``unanswered``: only those without feedback; ``in_scope``: True (in scope),
    False (referred) or None (either).
    """
    scope = -1 if in_scope is None else int(bool(in_scope))
    return _paged(lambda after, n: core.work_request_page(self, office_id, officer_id, from_, to,
                                                          int(bool(unanswered)), scope, after, n),
                  page, _bools("in_scope"))


def dispute_list(self, office_id=0, officer_id=0, status=None, from_=None, to=None, page=200):
    """Yield disputes as dicts (as :meth:`dispute`), by id; ``status``: open, mediated, failed, referred."""
    return _paged(lambda after, n: core.work_dispute_page(self, office_id, officer_id, status, from_,
                                                          to, after, n), page)


def duty_record_list(self, office_id=0, officer_id=0, obligation=None, incident_id=0, from_=None,
                     to=None, page=200):
    """Yield meeting, notice and report records as dicts, by id.

    ``obligation``: the ``obligations[].id`` they fulfil; ``incident_id``: the
    major incident an immediate one answers.
    """
    return _paged(lambda after, n: core.work_duty_record_page(self, office_id, officer_id, obligation,
                                                              incident_id, from_, to, after, n),
                  page)


def info_item_list(self, office_id=0, officer_id=0, category=None, from_=None, to=None, page=200):
    """Yield live information items (信息收集) as dicts, by id: ``id``, ``office_id``,
    ``officer_id``, ``reported_on``, ``category``, ``summary``.

    Record one with ``db.info_item_add(office_id, officer_id, reported_on, category,
    summary)``; archive one entered by mistake with ``db.info_item_archive(id)``.
    """
    return _paged(lambda after, n: core.work_info_item_page(self, office_id, officer_id, category,
                                                            from_, to, after, n), page)


for _f in (unit, unit_periods, unit_list, inspection, notice, incident, dispute, request,
           owed_items, owed_counts, rates, notice_list, inspection_list, visit_list, incident_list,
           request_list, dispute_list, duty_record_list, info_item_list):
    setattr(core.Database, _f.__name__, _f)
del _f


# ------------------------------------------------ patrols, 六防, cards, 失控

_raw_patrol_add = core.Database.patrol_add


@functools.wraps(_raw_patrol_add)
def patrol_add(self, office_id, on, start, end, area, officer_id=0, auxiliaries=None,
               volunteers=0, shift=None, note=None):
    """Record a patrol (巡逻); returns its id.

    ``start``, ``end``: ``"HH:MM"`` (an end before the start is the next day:
    the patrol counts on ``on``, the day it started); ``auxiliaries``: a list
    of staff ids; ``shift``: ``"auto"`` (night when any part is between 22:00
    and 06:00), ``"day"`` or ``"night"``.
    """
    if auxiliaries is not None and not isinstance(auxiliaries, str):
        auxiliaries = ",".join(str(int(a)) for a in auxiliaries)
    return _raw_patrol_add(self, office_id, on, start, end, area, officer_id, auxiliaries,
                           volunteers, shift, note)


def _night(r):
    r["night"] = bool(r["night"])
    return r


def patrol_list(self, office_id=0, officer_id=0, night=None, from_=None, to=None, page=200):
    """Yield live patrols as dicts, by id: ``id``, ``office_id``, ``officer_id``, ``on``
    (the day it started), ``start``, ``end`` (``"HH:MM"``), ``night``, ``area``,
    ``auxiliaries`` (staff ids), ``volunteers``, ``note``. ``night``: True for night
    patrols only, False for day patrols only, None for both."""
    flag = -1 if night is None else (1 if night else 0)
    return _paged(lambda after, n: core.work_patrol_page(self, office_id, officer_id, flag, from_,
                                                         to, after, n), page, _night)


def publicity_list(self, office_id=0, officer_id=0, topic=None, from_=None, to=None, page=200):
    """Yield live publicity events (六防宣传) as dicts, by id: ``id``, ``office_id``,
    ``officer_id``, ``on``, ``topic`` (fire, theft, poison, sabotage, traffic,
    disaster), ``place``, ``audience``, ``summary``."""
    return _paged(lambda after, n: core.work_publicity_page(self, office_id, officer_id, topic,
                                                            from_, to, after, n), page)


def contact_card_list(self, office_id=0, officer_id=0, house_id=0, from_=None, to=None, page=200):
    """Yield live contact cards (每户一卡) as dicts, by id: ``id``, ``office_id``,
    ``house_id``, ``officer_id``, ``issued_on``, ``number``; ``house_id``: a house's
    cards, its history."""
    return _paged(lambda after, n: core.work_contact_card_page(self, office_id, officer_id,
                                                               house_id, from_, to, after, n),
                  page)


def lost_list(self, office_id=0, officer_id=0, person_id=0, on=None, from_=None, to=None,
              page=200):
    """Yield live 失控 records as dicts, by id: ``id``, ``person_id``, ``office_id``,
    ``officer_id``, ``from``, ``found_by``, ``note``, ``ended_on`` (None while lost),
    ``end_reason``, ``end_note``. ``on``: only the persons lost that day."""
    return _paged(lambda after, n: core.work_lost_page(self, office_id, officer_id, person_id, on,
                                                       from_, to, after, n), page)


def uncarded(self, rules, office_id, on):
    """Households of an office without a contact card on a day (``visits.contact_card``):
    a list of dicts ``house_id``, ``address_id``, ``residents``, ``since``, ``rule``.
    ``rules``: a :class:`commpolice.Rules` or a region name."""
    return core.work_uncarded(self, _as_rules(rules), office_id, on)


def unverified(self, rules, office_id, on, horizon_days=0):
    """Residents owed a check of their record on a day
    (``population.residence_types[].verify``): a list of dicts ``person_id``,
    ``residence_id``, ``house_id``, ``type``, ``since``, ``last_checked``, ``due``,
    ``provisional``, ``rule``."""
    return core.work_unverified(self, _as_rules(rules), office_id, on, horizon_days)


def quotas(self, rules, office_id, on, officer_id=0):
    """Officers' quotas in the period holding ``on``: night patrols a week
    (``duty.night_patrols_per_week``) and publicity events a month
    (``visits.publicity_per_month``), as dicts ``kind``, ``office_id``, ``officer_id``,
    ``from``, ``to``, ``done``, ``target``, ``short_by``, ``rule``."""
    return core.work_quotas(self, _as_rules(rules), office_id, officer_id, on)


for _f in (patrol_add, patrol_list, publicity_list, contact_card_list, lost_list, uncarded,
           unverified, quotas):
    setattr(core.Database, _f.__name__, _f)
del _f
