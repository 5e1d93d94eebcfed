"""Units (实有单位) and the office's work from Python.

``commpolice.Rules("national")`` (or ``Rules(text, "text")``,
``Rules(path, "file")``) holds a region's rules; the methods on
:class:`commpolice.Database` take it where a rule decides (``unit_add``,
``notice_issue``, ``duty_record_add``, ``owed``, ``work_rates``). Dates are
``"YYYY-MM-DD"`` strings. Records come back as dicts:

    >>> items = db.owed_items(rules, office, "2024-10-09")
    >>> items[0]["what"], items[0]["due"], items[0]["rule"]["key"]

Every failure raises a :class:`commpolice.Error` subclass naming the field.
"""

from . import core

__all__ = []

_date = core.work_date_text


def _unit(u):
    return {
        "id": u.id, "office_id": u.office_id, "address_id": u.address_id,
        "officer_id": u.officer_id, "type": u.type, "name": u.name, "code": u.code,
        "location": u.location, "responsible_name": u.responsible_name,
        "responsible_phone": u.responsible_phone, "security_name": u.security_name,
        "security_phone": u.security_phone, "status": u.status_text(),
        "status_since": _date(u.status_since), "note": u.note, "archived_at": u.archived_at,
    }


def _notice(n):
    return {
        "id": n.id, "office_id": n.office_id, "unit_id": n.unit_id,
        "inspection_id": n.inspection_id, "officer_id": n.officer_id, "year": n.year,
        "seq": n.seq, "number": n.number, "issued_on": _date(n.issued_on),
        "deadline": _date(n.deadline),
        "deadline_rule": {"key": n.deadline_key, "file": n.deadline_file,
                          "line": n.deadline_line},
        "requirement": n.requirement, "reinspection_id": n.reinspection_id,
        "reinspected_on": _date(n.reinspected_on), "escalated_on": _date(n.escalated_on),
        "escalated_to": n.escalated_to, "closed_on": _date(n.closed_on),
        "result": n.result_text(), "close_note": n.close_note, "archived_at": n.archived_at,
    }


def _owed_item(it):
    return {
        "kind": it.kind_name(), "office_id": it.office_id, "officer_id": it.officer_id,
        "subject_id": it.subject_id, "subject": it.subject, "what": it.what,
        "due": _date(it.due), "last_done": _date(it.last_done),
        "days_overdue": it.days_overdue, "done": it.done, "target": it.target,
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
    i = self.incident_get(incident_id)
    return {"id": i.id, "office_id": i.office_id, "officer_id": i.officer_id,
            "received_on": _date(i.received_on), "kind": i.kind_text(), "summary": i.summary,
            "party_name": i.party_name, "party_phone": i.party_phone, "person_id": i.person_id,
            "return_visit_id": i.return_visit_id, "returned_on": _date(i.returned_on)}


def dispute(self, dispute_id):
    """The dispute as a dict."""
    d = self.dispute_get(dispute_id)
    return {"id": d.id, "office_id": d.office_id, "officer_id": d.officer_id,
            "received_on": _date(d.received_on), "parties": d.parties, "summary": d.summary,
            "status": d.status_text(), "outcome": d.outcome, "resolved_on": _date(d.resolved_on)}


def request(self, request_id):
    """The resident request as a dict."""
    r = self.request_get(request_id)
    return {"id": r.id, "office_id": r.office_id, "officer_id": r.officer_id,
            "received_on": _date(r.received_on), "requester": r.requester, "phone": r.phone,
            "content": r.content, "in_scope": bool(r.in_scope), "referred_to": r.referred_to,
            "feedback_on": _date(r.feedback_on), "feedback": r.feedback}


def owed_items(self, rules, office_id, on, officer_id=0, horizon_days=7, since=None):
    """What is owed on a day: a list of dicts, most overdue first, each naming its rule."""
    lst = self.owed(rules, office_id, on, officer_id, horizon_days, since)
    return [_owed_item(lst.item(i)) for i in range(lst.count())]


def rates(self, rules, office_id, from_, to, officer_id=0):
    """Completion rates for a period: {name: {"due", "done", "rate", "rule"}}."""
    r = self.work_rates(rules, office_id, from_, to, officer_id)
    return {name: {"due": r.due(name), "done": r.done(name), "rate": r.rate(name),
                   "rule": r.rule_key(name)}
            for name in ("inspections", "notices_on_time", "return_visits", "feedback")}


for _f in (unit, unit_periods, unit_list, inspection, notice, incident, dispute, request,
           owed_items, rates):
    setattr(core.Database, _f.__name__, _f)
del _f
