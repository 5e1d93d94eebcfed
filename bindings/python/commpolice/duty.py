"""Duty rosters (值班备勤) from Python.

``DutyProblem("2024-05-01", 31, region="ab_office")`` holds the days, the
people, their absences, preferences and history, and the rule parameters;
``generate()`` returns a roster or raises :class:`commpolice.ConflictError`
whose ``conflicts`` say which rules conflict on which days (and whose
``roster`` is the best effort); ``roster.check()`` gives a report whose
``violations()`` name the rule (key, file, line), the person and the day,
and whose ``scores()`` break the penalty down by rule.

From a database: ``db.duty_away_add(staff_id, "training", "2024-05-20",
"2024-05-24")``, ``db.duty_preference_add(staff_id, want=-1, shift="night",
weekdays=["fri"])``, ``p = db.duty_problem_load(office_id, "2024-05-01",
31)``, ``r = p.generate(seed=1)``, ``db.duty_roster_store(office_id, r)``,
``db.duty_roster_load(office_id, p)``; ``duty_away_archive(id)`` and
``duty_preference_archive(id)`` archive a record (nothing is deleted);
``db.duty_staff_posts_set(staff_id, ["A", "B"])`` and
``db.duty_staff_posts(staff_id)`` the posts of the A/B rotation a staff
member can hold.
"""

from . import core

__all__ = ["DutyProblem", "DAY_WORKING", "DAY_RECEPTION", "DAY_MARKET", "DAY_HOLIDAY",
           "DAY_WEEKEND", "WHO_OFFICER", "WHO_AUXILIARY"]

DAY_WORKING, DAY_RECEPTION, DAY_MARKET, DAY_HOLIDAY, DAY_WEEKEND = 1, 2, 4, 8, 16
WHO_OFFICER, WHO_AUXILIARY = 2, 4
SHIFT_IN_DISTRICT, SHIFT_RECEPTION, SHIFT_NIGHT, SHIFT_COVER, SHIFT_PATROL, SHIFT_WORKING_DAYS = \
    1, 2, 4, 8, 16, 32
_METHODS = {"local_search": 0, "round_robin": 1}


def _entries(self):
    """Yield the roster's entries as dicts (date, person, person_id, shift)."""
    for i in range(self.count()):
        yield {"date": self.entry_date(i), "person": self.entry_person(i),
               "person_id": self.entry_person_id(i), "shift": self.entry_shift(i)}


def _conflicts(self):
    """The conflicts of a generation that failed, as dicts with their causes."""
    out = []
    for i in range(self.conflict_count()):
        out.append({
            "rule": self.conflict_rule(i), "key": self.conflict_key(i),
            "file": self.conflict_file(i), "line": self.conflict_line(i),
            "person": self.conflict_person(i), "date": self.conflict_date(i),
            "date_end": self.conflict_date_end(i), "proven": bool(self.conflict_proven(i)),
            "message": self.conflict_message(i),
            "causes": [{"rule": self.cause_rule(i, j), "key": self.cause_key(i, j),
                        "person": self.cause_person(i, j), "date": self.cause_date(i, j),
                        "source_id": self.cause_source_id(i, j),
                        "message": self.cause_message(i, j)}
                       for j in range(self.cause_count(i))],
        })
    return out


def _violations(self):
    """The violations as dicts, hard ones first."""
    return [{"rule": self.v_rule(i), "key": self.v_key(i), "file": self.v_file(i),
             "line": self.v_line(i), "hard": bool(self.v_hard(i)), "person": self.v_person(i),
             "person_id": self.v_person_id(i), "date": self.v_date(i),
             "date_end": self.v_date_end(i), "amount": self.v_amount(i),
             "penalty": self.v_penalty(i), "source_id": self.v_source_id(i),
             "message": self.v_message(i)} for i in range(self.count())]


def _scores(self):
    """The score by rule name: dicts of key, file, hard, count, amount, penalty."""
    return {self.s_rule(i): {"key": self.s_key(i), "file": self.s_file(i),
                             "hard": bool(self.s_hard(i)), "count": self.s_count(i),
                             "amount": self.s_amount(i), "penalty": self.s_penalty(i)}
            for i in range(self.score_count())}


_WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
_raw_preference_add = core.Database.duty_preference_add
_raw_problem_load = core.Database.duty_problem_load
_raw_staff_posts = core.Database.duty_staff_posts
_raw_staff_posts_set = core.Database.duty_staff_posts_set


def _weekday_mask(weekdays):
    if isinstance(weekdays, int):
        return weekdays
    mask = 0
    for wd in weekdays:
        n = _WEEKDAYS.get(wd.lower()[:3]) if isinstance(wd, str) else wd
        if not isinstance(n, int) or not 1 <= n <= 7:
            from . import InvalidError
            raise InvalidError("weekdays are ISO numbers 1 (Monday) to 7 (Sunday) or names, not %r"
                               % (wd,), field="weekdays")
        mask |= 1 << n
    return mask


def _duty_preference_add(self, staff_id, want=1, shift=None, date=None, weekdays=0, weight=1):
    """Record a preference of a staff member; returns its id.

    ``want`` is 1 (or True) for "wants", -1 (or False) for "would rather
    not"; ``weekdays`` a bit mask or an iterable of ISO weekday numbers
    (1 = Monday) or names ("mon", "Friday"...); ``date`` "YYYY-MM-DD" or
    None for any day; ``shift`` a shift code or None for any shift.
    """
    if isinstance(want, bool):
        want = 1 if want else -1
    return _raw_preference_add(self, staff_id, want, shift, date, _weekday_mask(weekdays), weight)


def _duty_problem_load(self, office_id, start, ndays, region=None, history_days=90):
    """The roster problem of an office from the database, as a :class:`DutyProblem`.

    ``region`` None takes the office's own region's rules; "" the library's
    defaults. Staff, absences, preferences, training days elsewhere in the
    year and the history of ``history_days`` days of stored rosters come
    with it. ``generate()`` then raises ConflictError like any DutyProblem.
    """
    problem = _raw_problem_load(self, office_id, start, ndays, region, history_days)
    problem.__class__ = DutyProblem
    return problem


def _duty_staff_posts(self, staff_id):
    """The posts of the A/B rotation a staff member can hold, as a list sorted by name."""
    text = _raw_staff_posts(self, staff_id)
    return text.split(",") if text else []


def _duty_staff_posts_set(self, staff_id, posts):
    """Set the posts a staff member can hold: an iterable of names (["A", "B"]) or "A,B".

    ``duty_problem_load`` gives each post of the office's rules to one of
    its staff who can hold it (docs/duty.md, "Posts in the database").
    """
    if not isinstance(posts, str):
        posts = ",".join(posts)
    _raw_staff_posts_set(self, staff_id, posts)


core.Database.duty_preference_add = _duty_preference_add
core.Database.duty_staff_posts = _duty_staff_posts
core.Database.duty_staff_posts_set = _duty_staff_posts_set
core.Database.duty_problem_load = _duty_problem_load
core.DutyRoster.entries = _entries
core.DutyRoster.conflicts = _conflicts
core.DutyReport.violations = _violations
core.DutyReport.scores = _scores


def _changes(self, after):
    """The cells in which ``after`` differs from this (published) roster.

    Returns a list of dicts (person, person_id, date, before, after: shift
    codes joined by "+", "" for none), by day then person.
    """
    d = self.diff(after)
    return [{"person": d.c_person(i), "person_id": d.c_person_id(i), "date": d.c_date(i),
             "before": d.c_before(i), "after": d.c_after(i)} for i in range(d.count())]


def _swap_candidates(self, person, date, shift):
    """Who can take ``person``'s ``shift`` on ``date``: a dict per other person.

    Keys: person, person_id, ok, and when not ok the first hard rule it
    would break (rule, key) and its text (message); penalty_change, the
    soft penalty after minus before. Those who can come first.
    """
    w = self.swap_check(person, date, shift)
    return [{"person": w.s_person(i), "person_id": w.s_person_id(i), "ok": bool(w.s_ok(i)),
             "rule": w.s_rule(i), "key": w.s_key(i), "penalty_change": w.s_penalty_change(i),
             "message": w.s_message(i)} for i in range(w.count())]


core.DutyRoster.changes = _changes
core.DutyRoster.swap_candidates = _swap_candidates


def _raise_on_conflict(roster):
    if roster.status() < 0:
        from . import ConflictError
        conflicts = roster.conflicts()
        err = ConflictError(roster.error_message(),
                            field=conflicts[0]["key"] if conflicts else None)
        err.conflicts = conflicts
        err.roster = roster
        raise err
    return roster


class DutyProblem(core.DutyProblem):
    """A roster problem: ``DutyProblem(start, ndays, region=None)``."""

    def add_officer(self, name, dedicated=False, id=0):
        """Add a community officer; returns the person's index."""
        return self.add_person(name, "officer", int(bool(dedicated)), id)

    def add_auxiliary(self, name, id=0):
        """Add an auxiliary (协勤); returns the person's index."""
        return self.add_person(name, "auxiliary", 0, id)

    def generate(self, seed=1, method="local_search", restarts=0, pinned=None):
        """Generate a roster; raise ConflictError (with .conflicts and .roster) on a conflict.

        ``pinned``: a roster of this problem whose cells (person, day) are kept.
        """
        return _raise_on_conflict(core.DutyProblem.generate(self, seed, _METHODS[method], restarts,
                                                            pinned))

    def repair(self, published, from_date, seed=1, restarts=0, pinned=None):
        """Repair ``published`` (a roster of this problem) from ``from_date`` on.

        Days before ``from_date`` stay as published; of the others as few cells
        as possible change. ``published.changes(repaired)`` says which and whose.
        Raises ConflictError like generate().
        """
        return _raise_on_conflict(core.DutyProblem.repair(self, published, from_date, seed, restarts,
                                                          pinned))
