"""Duty rosters from Python: generate, check, conflicts, exports."""
import pytest

import commpolice
from commpolice.duty import DAY_HOLIDAY, DAY_RECEPTION, DAY_WORKING
from datetime import date


def office(region=None):
    p = commpolice.DutyProblem("2024-05-01", 31, region=region)
    p.add_officer("张伟", id=101)
    p.add_officer("李娜", dedicated=True, id=102)
    p.add_auxiliary("王强", id=201)
    p.add_auxiliary("赵磊", id=202)
    return p


def bare_week(p):
    """The week of Monday 6 May 2024 with no rule asking for anyone: no weekly
    minimums, night cover, rest or limits, no reception days."""
    for name in ("min_days_in_district_per_week", "min_nights_per_week", "officers_per_night",
                 "min_rest_hours", "max_hours_per_week", "max_consecutive_days",
                 "max_nights_in_row", "rest_after_night"):
        p.set_param(name, 0)
    for d in range(6, 13):
        date = "2024-05-%02d" % d
        p.set_day(date, p.day_flags(date) & ~DAY_RECEPTION)
    return p


def test_generate_meets_hard_rules_same_seed_same_roster():
    p = office()
    p.set_away(1, "2024-05-13", "2024-05-17", "training", 9)
    a = p.generate(seed=5)
    b = p.generate(seed=5)
    assert a.csv() == b.csv()
    rep = a.check()
    assert rep.hard() == 0
    entries = list(a.entries())
    assert entries and all((e["date"].year, e["date"].month) == (2024, 5) for e in entries)
    # The dedicated officer never does nights; nobody works while in training.
    assert not [e for e in entries if e["person_id"] == 102 and e["shift"] == "night"]
    assert not [e for e in entries if e["person"] == 1 and date(2024, 5, 13) <= e["date"] <= date(2024, 5, 17)]
    try:
        rr = p.generate(seed=5, method="round_robin")
    except commpolice.ConflictError as e:
        rr = e.roster
    base = rr.check()
    assert (rep.hard(), rep.penalty()) < (base.hard(), base.penalty())


def test_hand_edited_roster_violations_name_rule_person_day():
    p = office()
    r = p.roster()
    r.add(1, "2024-05-06", "night")          # dedicated: after 22:00
    r.add(2, "2024-05-08", "district")       # an auxiliary on an officer's post
    rep = r.check()
    v = [x for x in rep.violations() if x["rule"] == "dedicated_late"]
    assert len(v) == 1
    assert v[0]["person_id"] == 102 and v[0]["date"] == date(2024, 5, 6)
    assert v[0]["key"] == "duty.no_duty_after"
    assert any(x["rule"] == "qualification" and x["person"] == 2 for x in rep.violations())
    scores = rep.scores()
    assert scores["reception"]["hard"] and scores["reception"]["count"] > 0
    # a point per hour of duty: the night 17:30-08:30 (15) and the A post 8:30-17:30 (9)
    assert scores["shift_cost"]["penalty"] == 24


def test_conflict_raises_with_explanation():
    p = office()
    p.set_away(0, "2024-05-22", "2024-05-22", "sick", 31)
    p.set_away(1, "2024-05-22", "2024-05-22", "leave", 32)
    with pytest.raises(commpolice.ConflictError) as info:
        p.generate()
    conflicts = info.value.conflicts
    rec = [c for c in conflicts if c["rule"] == "reception"]
    assert rec and rec[0]["proven"] and rec[0]["date"] == date(2024, 5, 22)
    assert sorted(c["source_id"] for c in rec[0]["causes"]) == [31, 32]
    assert info.value.roster.count() > 0


def test_csv_round_trip_and_ics():
    p = office()
    r = p.generate(seed=3)
    csv = r.csv()
    assert csv.startswith("date,weekday,person_id,name,kind,shift,shift_name,start,end\r\n")
    back = p.roster_from_csv(csv)
    assert back.csv() == csv
    ics = r.ics(person=0, calendar_name="城东社区警务室", dtstamp=1714521600)
    assert "TZID=Asia/Shanghai" in ics and "DTSTAMP:20240501T000000Z" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    with pytest.raises(commpolice.NotFoundError):
        p.roster_from_csv("date,person_id,shift\r\n2024-05-02,101,nap\r\n")


def test_params_and_days():
    p = office()
    assert p.get_param("min_nights_per_week") == 2
    p.set_param("min_nights_per_week", 1)
    assert p.get_param("min_nights_per_week") == 1
    assert p.param_file("min_nights_per_week") == "<caller>"
    with pytest.raises(commpolice.NotFoundError):
        p.set_param("nonsense", 1)
    p.set_day("2024-05-02", DAY_HOLIDAY)
    assert p.day_flags("2024-05-02") == DAY_HOLIDAY
    assert p.day_flags("2024-05-08") == DAY_WORKING | DAY_RECEPTION


def test_region_rules_calendar():
    p = office(region="ab_office")
    assert p.region() == "ab_office"
    assert p.day_flags("2024-05-01") & DAY_HOLIDAY
    assert p.day_flags("2024-05-11") & DAY_WORKING  # 调休
    r = p.generate()
    assert r.check().hard() == 0


# ------------------------------------------------------------ the database

def make_office(db):
    """An ab_office office: two officers (李娜 dedicated), three auxiliaries."""
    region = db.region_add("ab_office")
    station = db.station_add(region, "城东派出所")
    office = db.office_add(station, "城东社区警务室")
    staff = {
        "张伟": db.staff_add(office, "张伟", "officer", "2024-01-01", badge="010001"),
        "李娜": db.staff_add(office, "李娜", "officer", "2024-01-01", badge="010002",
                           dedicated_community=True),
        "王芳": db.staff_add(office, "王芳", "officer", "2024-01-01", badge="010003"),
        "王强": db.staff_add(office, "王强", "auxiliary", "2024-01-01"),
        "赵磊": db.staff_add(office, "赵磊", "auxiliary", "2024-01-01"),
        "黄敏": db.staff_add(office, "黄敏", "auxiliary", "2024-01-01"),
    }
    return office, staff


def test_db_load_generate_store_load():
    with commpolice.Database(":memory:") as db:
        office, staff = make_office(db)
        away = db.duty_away_add(staff["张伟"], "training", "2024-05-20", "2024-05-24", note="集中培训")
        p = db.duty_problem_load(office, "2024-05-01", 31)
        assert isinstance(p, commpolice.DutyProblem)
        assert p.region() == "ab_office"          # the office's own region
        assert p.person_count() == 6
        zhang = [i for i in range(p.person_count()) if p.person_id(i) == staff["张伟"]][0]
        r = p.generate(seed=11)
        assert r.check().hard() == 0
        entries = list(r.entries())
        assert not [e for e in entries
                    if e["person"] == zhang and date(2024, 5, 20) <= e["date"] <= date(2024, 5, 24)]
        assert not [e for e in entries if e["person_id"] == staff["李娜"] and e["shift"] == "night"]
        rid = db.duty_roster_store(office, r)
        assert rid > 0
        back = db.duty_roster_load(office, p)
        assert back.csv() == r.csv()
        # The same seed from a fresh load gives the same roster.
        again = db.duty_problem_load(office, "2024-05-01", 31).generate(seed=11)
        assert again.csv() == r.csv()
        db.duty_away_archive(away)
        with pytest.raises(commpolice.NotFoundError):
            db.duty_away_archive(away)
        with pytest.raises(commpolice.InvalidError) as info:
            db.duty_away_add(staff["张伟"], "holiday", "2024-05-20", "2024-05-24")
        with pytest.raises(commpolice.InvalidError):
            db.duty_away_add(staff["张伟"], "leave", "2024-05-24", "2024-05-20")


def test_db_preferences_read_back_and_archived():
    with commpolice.Database(":memory:") as db:
        office, staff = make_office(db)
        # 张伟 would rather not do Friday nights (weight 4); only May's days concern May.
        pref = db.duty_preference_add(staff["张伟"], want=False, shift="night", weekdays=["fri"],
                                      weight=4)
        db.duty_preference_add(staff["张伟"], want=1, date="2024-06-03")
        with pytest.raises(commpolice.InvalidError) as info:
            db.duty_preference_add(staff["张伟"], want=1, weekdays=[8])
        assert info.value.field == "weekdays"
        with pytest.raises(commpolice.InvalidError) as info:
            db.duty_preference_add(staff["张伟"], want=2)
        assert info.value.field == "want"
        p = db.duty_problem_load(office, "2024-05-01", 31)
        zhang = [i for i in range(p.person_count()) if p.person_id(i) == staff["张伟"]][0]
        r = p.roster()
        r.add(zhang, "2024-05-10", "night")      # a Friday
        v = [x for x in r.check().violations() if x["rule"] == "preference"]
        assert len(v) == 1
        assert v[0]["source_id"] == pref and v[0]["date"] == date(2024, 5, 10)
        assert v[0]["penalty"] == 4 * 5        # weight x duty.weight_preference
        db.duty_preference_archive(pref)
        with pytest.raises(commpolice.NotFoundError):
            db.duty_preference_archive(pref)
        p = db.duty_problem_load(office, "2024-05-01", 31)
        r = p.roster()
        r.add(zhang, "2024-05-10", "night")
        assert not [x for x in r.check().violations() if x["rule"] == "preference"]


def test_db_staff_posts_given_to_the_problem():
    # ab_office's posts are [A, B]. By default the officers take them in
    # order (张伟 A, 李娜 B). Stored: 张伟 can hold A, 王芳 A or B: A goes to
    # 张伟 (the first by staff id), B to 王芳 (张伟 holds A already); 李娜 none.
    with commpolice.Database(":memory:") as db:
        office, staff = make_office(db)
        p = db.duty_problem_load(office, "2024-05-01", 31)
        ids = [p.person_id(i) for i in range(p.person_count())]
        assert [p.post(ids.index(staff[n])) for n in ("张伟", "李娜", "王芳")] == ["A", "B", None]
        db.duty_staff_posts_set(staff["张伟"], ["A"])
        db.duty_staff_posts_set(staff["王芳"], "B,A")
        assert db.duty_staff_posts(staff["王芳"]) == ["A", "B"]
        assert db.duty_staff_posts(staff["李娜"]) == []
        p = db.duty_problem_load(office, "2024-05-01", 31)
        assert [p.post(ids.index(staff[n])) for n in ("张伟", "李娜", "王芳")] == ["A", None, "B"]
        with pytest.raises(commpolice.InvalidError) as info:
            db.duty_staff_posts_set(staff["张伟"], ["A", "A"])
        assert info.value.field == "posts"
        with pytest.raises(commpolice.NotFoundError):
            db.duty_staff_posts(99999)


def test_db_training_allowance():
    with commpolice.Database(":memory:") as db:
        office, staff = make_office(db)
        # 12 days in March and 5 in May: 17 in 2024, 15 allowed (national.yaml).
        db.duty_away_add(staff["张伟"], "training", "2024-03-04", "2024-03-15")
        may = db.duty_away_add(staff["张伟"], "training", "2024-05-20", "2024-05-24")
        p = db.duty_problem_load(office, "2024-05-01", 31)
        zhang = [i for i in range(p.person_count()) if p.person_id(i) == staff["张伟"]][0]
        assert p.training_days(zhang, 2024) == 17
        assert p.get_param("training_days_per_year") == 15
        assert p.param_key("training_days_per_year") == "duty.training_days_per_year"
        v = [x for x in p.roster().check().violations() if x["rule"] == "training_days"]
        assert len(v) == 1
        assert v[0]["hard"] and v[0]["person_id"] == staff["张伟"] and v[0]["amount"] == 2
        assert (v[0]["date"], v[0]["date_end"]) == (date(2024, 5, 20), date(2024, 5, 24))
        assert v[0]["source_id"] == may and v[0]["file"].endswith("national.yaml")
        with pytest.raises(commpolice.ConflictError) as info:
            p.generate()
        c = [x for x in info.value.conflicts if x["rule"] == "training_days"]
        assert c and c[0]["proven"] and c[0]["causes"][0]["source_id"] == may


def test_training_outside_in_memory():
    p = office()
    p.set_away(0, "2024-05-13", "2024-05-17", "training", 9)
    p.set_training_outside(0, 2024, 10)
    assert p.training_days(0, 2024) == 15
    assert not [x for x in p.roster().check().violations() if x["rule"] == "training_days"]
    p.set_training_outside(0, 2024, 11)
    assert p.roster().check().scores()["training_days"]["count"] == 1
    with pytest.raises(commpolice.InvalidError) as info:
        p.set_training_outside(0, 2023, 1)
    assert info.value.field == "year"


def alternating_week():
    """Two auxiliaries on the office shift Mon 6 .. Sun 12 May, only the cover rule on:
    王强 on the 6th, 8th, 10th, 12th, 赵磊 on the 7th, 9th, 11th."""
    from commpolice.duty import SHIFT_COVER, WHO_AUXILIARY
    p = bare_week(commpolice.DutyProblem("2024-05-06", 7))
    p.add_auxiliary("王强", id=1)
    p.add_auxiliary("赵磊", id=2)
    p.add_shift("office", "值守", 510, 1050, WHO_AUXILIARY, SHIFT_COVER, 1)
    published = p.roster()
    for d in range(6, 13):
        published.add(0 if d % 2 == 0 else 1, "2024-05-%02d" % d, "office")
    return p, published


def test_repair_after_a_sick_day_changes_two_cells_of_that_day():
    p, published = alternating_week()
    p.set_away(1, "2024-05-09", "2024-05-09", "sick")
    r = p.repair(published, "2024-05-09")
    assert r.check().hard() == 0
    assert published.changes(r) == [
        {"person": 0, "person_id": 1, "date": date(2024, 5, 9), "before": "", "after": "office"},
        {"person": 1, "person_id": 2, "date": date(2024, 5, 9), "before": "office", "after": ""}]


def test_generate_keeps_pins():
    p, published = alternating_week()
    pins = p.roster()
    pins.add(1, "2024-05-06", "office")
    r = p.generate(seed=3, pinned=pins)
    assert {"person": 1, "person_id": 2, "date": date(2024, 5, 6), "shift": "office"} in list(r.entries())


def test_swap_candidates_say_why_not():
    p, published = alternating_week()
    p.add_officer("李娜", id=3)
    c = published.swap_candidates(0, "2024-05-08", "office")
    assert [(x["person"], x["ok"], x["rule"]) for x in c] == [(1, True, None), (2, False, "qualification")]
    with pytest.raises(commpolice.NotFoundError):
        published.swap_candidates(1, "2024-05-08", "office")


def test_rotation_template_followed_and_deviations_reported(tmp_path, monkeypatch):
    # An office's rule file with its A/B rotation: a two-day cycle from
    # Monday 6 May 2024, A in the district on the first day, B on the
    # second (test_duty.c rotation_generate_follows_template works it by
    # hand: 张伟 A on the 6th, 8th, 10th, 李娜 B on the 7th, 9th and the
    # make-up Saturday 11th; 54 points).
    (tmp_path / "rotation_test.yaml").write_text(
        "region: rotation_test\nextends: national\nduty:\n  posts: [A, B]\n  rotation:\n"
        "    - {post: A, start: 2024-05-06, days: [district, \"-\"]}\n"
        "    - {post: B, start: 2024-05-06, days: [\"-\", district]}\n", encoding="utf-8")
    monkeypatch.setenv("CPOL_RULES_PATH", str(tmp_path))
    from commpolice.duty import SHIFT_IN_DISTRICT, SHIFT_WORKING_DAYS, WHO_OFFICER
    p = bare_week(commpolice.DutyProblem("2024-05-06", 7, region="rotation_test"))
    p.add_officer("张伟", id=11)
    p.add_officer("李娜", id=12)
    p.add_shift("district", "在警务区", 510, 1050, WHO_OFFICER, SHIFT_IN_DISTRICT | SHIFT_WORKING_DAYS, 0)
    assert (p.post(0), p.post(1)) == ("A", "B")
    r = p.generate(seed=3)
    assert [(e["person"], e["date"].day) for e in r.entries()] == [
        (0, 6), (1, 7), (0, 8), (1, 9), (0, 10), (1, 11)]
    assert r.check().penalty() == 54
    # The office exchanges its posts: each cell is now off the template.
    p.set_post(0, "B")
    p.set_post(1, "A")
    v = [x for x in r.check().violations() if x["rule"] == "rotation"]
    assert len(v) == 12 and all(x["penalty"] == 20 for x in v)
    with pytest.raises(commpolice.NotFoundError):
        p.set_post(0, "C")
