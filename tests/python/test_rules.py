"""Region rules from Python: load, query values and origins, decide, fail with a place.

Expected values are worked out by hand from the shipped files in
data/regions/ and a calendar (line numbers are looked up in the files' own
text), never read back from the library.
"""
import datetime
import gc
import hashlib
import json
import os
import threading

import pytest

import commpolice
from commpolice import Rules
from datetime import date

REGIONS_DIR = os.path.join(os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__),
                                                                     "..", "..")),
                           "data", "regions")
REGIONS = ["national", "nantong", "chengdu", "sanming", "mountain_county", "ab_office",
           "zhuanzhi"]
NATIONAL = "<built-in>/national.yaml"


def region_file(name):
    return os.path.join(REGIONS_DIR, name + ".yaml")


def where(name, needle, value=None):
    """(line, column) of `value` on the first line of region `name` holding `needle`."""
    with open(region_file(name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if needle in line:
                col = line.index(value if value is not None else needle) + 1
                return n, col
    raise AssertionError("%r not in %s.yaml" % (needle, name))


def load(name):
    return Rules.load(name, search_path=REGIONS_DIR)


# ------------------------------------------------------------------ loading

@pytest.mark.parametrize("name", REGIONS)
def test_every_shipped_region_loads_and_passes_its_tests(name):
    r = load(name)
    assert r.region() == name
    assert r.test_count() > 0
    assert r.run_tests() == []
    results = r.run_tests(include_passed=True)
    assert len(results) == r.test_count()
    assert all(t["passed"] for t in results)
    chain = r.chain()
    assert chain[-1] == {"region": "national", "file": NATIONAL}
    assert len(chain) == (1 if name == "national" else 2)
    if name != "national":
        assert chain[0] == {"region": name, "file": region_file(name)}


@pytest.mark.parametrize("name", REGIONS[1:])
def test_region_by_name_and_by_file_are_the_same_rules(name):
    by_name = load(name)
    by_file = Rules.from_file(region_file(name))
    assert by_file.hash() == by_name.hash()
    assert by_file.canonical() == by_name.canonical()
    text = open(region_file(name), encoding="utf-8").read()
    by_text = Rules.from_string(text, name="copy.yaml", search_path=[REGIONS_DIR])
    assert by_text.hash() == by_name.hash()
    assert by_text.chain()[0]["file"] == "copy.yaml"


def test_region_found_through_the_search_path_only(tmp_path):
    (tmp_path / "office.yaml").write_text("region: office\nextends: ab_office\n"
                                          "visits:\n  households_per_month: 12\n",
                                          encoding="utf-8")
    r = Rules.load("office", search_path=[str(tmp_path), REGIONS_DIR], env=False,
                   installed=False)
    assert [c["region"] for c in r.chain()] == ["office", "ab_office", "national"]
    assert r.get("visits.households_per_month") == 12
    assert r.get("duty.min_nights_per_week") == 2
    with pytest.raises(commpolice.NotFoundError) as info:
        Rules.load("office", env=False, installed=False)
    assert "region 'office' not found" in info.value.message


def test_display_name_and_repr():
    r = load("nantong")
    assert r.name() == "南通市社区警务"
    assert repr(r).startswith("<commpolice.Rules nantong ")
    assert Rules.from_string("region: bare\n").name() == "bare"


# ------------------------------------------------------------ values, refs

def test_value_set_by_the_region_names_its_file_and_line():
    r = load("nantong")
    assert r.get("staffing.residents_per_officer") == 3000
    line, col = where("nantong", "residents_per_officer: 3000", "3000")
    assert r.ref("staffing.residents_per_officer") == {
        "key": "staffing.residents_per_officer", "file": region_file("nantong"),
        "line": line, "column": col, "region": "nantong"}


def test_inherited_value_names_the_national_file():
    r = load("nantong")
    value, ref = r.lookup("visits.return_visit_within")
    assert value == "3d"
    assert ref["file"] == NATIONAL
    assert ref["region"] == "national"
    assert ref["key"] == "visits.return_visit_within"


def test_child_overrides_the_parent_value():
    r = load("chengdu")
    assert r.get("staffing.residents_per_officer") == 5000
    assert r.ref("staffing.residents_per_officer")["region"] == "chengdu"
    assert r.get("staffing.households_per_officer") == 1000
    assert r.get("staffing.residents_per_officer_range") == {"min": 3000, "max": 5000}
    assert load("national").get("staffing.residents_per_officer") == 3000


def test_typed_getters_and_their_types():
    r = load("zhuanzhi")
    assert r.get_type("duty.no_duty_after") == "time"
    assert r.get("duty.no_duty_after") == "22:00"
    minutes, ref = r.get_int("duty.no_duty_after")
    assert minutes == 22 * 60
    assert (ref["line"], ref["column"]) == where("zhuanzhi", "no_duty_after", '"22:00"')
    assert r.get("obligations[police_resident_talk].cadence") == "18th"
    assert r.ref("obligations[police_resident_talk].cadence")["region"] == "zhuanzhi"
    # merged by id: the kind is still national's
    assert r.get("obligations[police_resident_talk].kind") == "meeting"
    assert r.ref("obligations[police_resident_talk].kind")["file"] == NATIONAL
    assert r.get_cadence("assessment.period")[0] == "month"
    assert r.get_bool("visits.contact_card")[0] is True
    assert r.get_number("staffing.villages_per_district.max")[0] == 3.0
    assert r.get_duration("visits.feedback_within")[0] == "1w"
    assert r.get_string("staffing.default_model")[0] == "one_per_community"

    a = load("ab_office")
    assert a.get("duty.reception_weekdays") == ["wed", "thu"]
    assert a.get_int("duty.reception_weekdays")[0] == (1 << 3) | (1 << 4)
    assert a.get_text("duty.reception_weekdays")[0] == "[wed,thu]"
    assert a.get_date("calendar.market_days.anchor")[0] == date(2024, 1, 3)
    assert a.get("duty.posts") == ["A", "B"]
    assert a.get("duty.posts[1]") == "B"
    assert a.get_count("duty.posts") == 2


def test_mountain_county_values():
    r = load("mountain_county")
    assert r.get("visits.households_per_month") == 30
    assert r.get("visits.days_in_district_per_week") == 3
    assert r.get("assessment.items[household_visits].weight") == 20
    assert r.get("assessment.items[satisfaction].target") == pytest.approx(0.95)
    assert r.get("assessment.items[0].id") == "household_visits"
    assert r.get("assessment.items[household_visits].deduct") == [{"per_unit": 0.5}]
    line, col = where("mountain_county", "households_per_month: 30", "30")
    assert r.ref("visits.households_per_month")["line"] == line
    assert r.ref("visits.households_per_month")["column"] == col


def test_lists_maps_and_the_whole_tree():
    r = load("nantong")
    assert r.get_type("staffing.models") == "list"
    assert r.get_type("staffing") == "map"
    models = r.get("staffing.models")
    assert [m["code"] for m in models] == ["one_per_community", "several_per_community"]
    assert models[1]["officers"] == {"min": 2}
    tree = r.to_dict()
    assert tree["region"] == "nantong"
    assert "tests" not in tree and "source" not in tree and "extends" not in tree
    assert tree["places"]["types"][0]["code"] == "entertainment"


def test_missing_values_and_bad_paths():
    r = load("nantong")
    with pytest.raises(commpolice.NotFoundError) as info:
        r.get("visits.households_per_month")
    assert info.value.field == "visits.households_per_month"
    assert "no rule 'visits.households_per_month'" in info.value.message
    assert r.get("visits.households_per_month", None) is None
    assert "visits.households_per_month" not in r
    assert "visits.return_visit_within" in r
    with pytest.raises(KeyError):
        r["visits.households_per_month"]
    assert r["staffing.residents_per_officer"] == 3000
    with pytest.raises(commpolice.InvalidError, match="is not an integer"):
        r.get_int("visits.return_visit_within")
    with pytest.raises(commpolice.NotFoundError, match="no element with that id"):
        r.get("staffing.models[one_per_galaxy].code")


def test_items_in_canonical_order_with_their_origin():
    r = load("ab_office")
    items = list(r.items("duty"))
    keys = [k for k, _, _ in items]
    assert keys == ["duty.auxiliary_hours_per_day", "duty.max_consecutive_days",
                    "duty.max_consecutive_days_hard", "duty.max_hours_per_week",
                    "duty.max_hours_per_week_hard", "duty.max_nights_in_row",
                    "duty.max_nights_in_row_hard", "duty.max_nights_per_week",
                    "duty.max_shifts_per_day", "duty.min_days_in_district_per_week",
                    "duty.min_nights_per_week", "duty.min_rest_hours",
                    "duty.min_rest_hours_hard", "duty.night_cover_hard",
                    "duty.night_patrols_per_week", "duty.no_duty_after",
                    "duty.officers_per_night", "duty.patrol_per_night", "duty.posts[0]",
                    "duty.posts[1]", "duty.reception_on_market_days", "duty.reception_weekdays",
                    "duty.rest_after_night", "duty.training_days_per_year",
                    "duty.weight_consecutive_days", "duty.weight_holidays",
                    "duty.weight_hours_per_week", "duty.weight_load", "duty.weight_night_cover",
                    "duty.weight_nights", "duty.weight_nights_in_row", "duty.weight_preference",
                    "duty.weight_rest", "duty.weight_rotation", "duty.weight_shift",
                    "duty.weight_weekends"]
    texts = {k: t for k, t, _ in items}
    assert texts["duty.reception_weekdays"] == "[wed,thu]"
    assert texts["duty.training_days_per_year"] == "15"
    refs = {k: ref for k, _, ref in items}
    assert refs["duty.training_days_per_year"]["region"] == "national"
    assert refs["duty.min_nights_per_week"]["region"] == "ab_office"


def test_cursor_and_test_run_outlive_the_rules_object():
    r = load("ab_office")
    it = r.items("visits")
    run = commpolice.core.Rules.run_tests(r)
    del r
    gc.collect()
    assert [k for k, _, _ in it][0] == "visits.contact_card"
    assert run.count() == 13 and run.failed() == 0
    assert run.ref(0)["key"] == "duty.reception_weekdays"


# ---------------------------------------------------------------- sections

def test_staffing_section():
    s = load("sanming").staffing()
    assert [c["code"] for c in s["office_classes"]] == ["class1", "class2", "class3"]
    c1 = s["office_classes"][0]
    assert c1["name"] == "一类警务室" and c1["rank"] == 1
    assert c1["residents"] == {"min": 5000, "max": None}
    assert c1["floating"] == {"min": 1000, "max": None}
    assert c1["households"] == {"min": None, "max": None}
    assert (c1["min_officers"], c1["min_auxiliaries"], c1["min_area_m2"]) == (2, 4, 60)
    assert c1["ref"]["file"] == region_file("sanming")
    # !extend: national's four models, then 1+N
    assert [m["code"] for m in s["models"]] == [
        "one_per_community", "several_per_community", "one_per_village", "one_for_villages",
        "one_plus_n"]
    assert s["models"][3]["units"] == {"min": 2, "max": 3}
    assert s["default_model"] == "one_plus_n"
    assert s["residents_per_officer"] == 3000
    assert s["households_per_officer"] is None


def test_population_section():
    p = load("national").population()
    assert [t["code"] for t in p["residence_types"]] == ["permanent", "temporary", "floating",
                                                          "foreign"]
    assert p["residence_types"][1]["register_required"] is True
    key = p["labels"][0]
    assert (key["code"], key["kind"], key["assess"], key["talk"]) == (
        "key_person", "key_person", "month", "quarter")
    assert key["visit"] is None
    kinds = [lab["kind"] for lab in p["labels"]]
    assert kinds.count("care") == 6 and kinds.count("help_education") == 3
    assert p["id_number"] == {"accept_15_digit": False, "require_check_char": True,
                              "accept_lowercase_x": True}


def test_visits_places_obligations_duty_sections():
    r = load("mountain_county")
    assert r.visits() == {
        "households_per_month": 30, "key_person_visits_per_month": 1,
        "days_in_district_per_week": 3, "household_cadence": "year",
        "return_visit_within": "3d", "feedback_within": "1w", "contact_card": True}
    places = r.places()
    assert places["rectification_deadline"] == "1w"
    special = places["types"][1]
    assert (special["code"], special["inspect"], special["supervise"], special["on_file"]) == (
        "special_trade", "month", "half-month", True)
    obligations = r.obligations()
    assert len(obligations) == 15 + 4
    assert obligations[-1]["id"] == "good_deed" and obligations[-1]["kind"] == "contact"
    assert obligations[-1]["cadence"] == "week"
    joint = [o for o in obligations if o["id"] == "joint_meeting"][0]
    assert (joint["kind"], joint["cadence"]) == ("meeting", "month-end")

    d = load("ab_office").duty()
    assert d["posts"] == ["A", "B"]
    assert d["reception_weekdays"] == ["wed", "thu"]
    assert d["reception_on_market_days"] is True
    assert d["min_nights_per_week"] == 2 and d["max_nights_per_week"] == 0  # national: no limit
    assert load("zhuanzhi").duty()["no_duty_after"] == "22:00"


def test_calendar_section_expands_holidays():
    c = load("ab_office").calendar()
    assert c["weekend"] == ["sat", "sun"]
    assert (c["work_start"], c["work_end"], c["break_minutes"]) == ("08:30", "17:30", 60)
    # 2024: 1 + 8 + 3 + 5 + 1 + 3 + 7 days; 2025: 1 + 8 + 3 + 5 + 3 + 8;
    # 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert len(c["holidays"]) == 28 + 28 + 33
    spring = [h["date"] for h in c["holidays"] if h["name"] == "春节" and h["date"].year < 2025]
    assert spring == [date(2024, 2, d) for d in range(10, 18)]
    assert len(c["workdays"]) == 8 + 5 + 6
    assert c["workdays"][0]["date"] == date(2024, 2, 4)
    assert c["market_days"] == {"every": "5d", "anchor": date(2024, 1, 3), "days_of_month": [],
                                "dates": []}


def test_assessment_section():
    a = load("mountain_county").assessment()
    assert (a["period"], a["total"], a["ranking_scope"]) == ("quarter", 100, "county")
    items = a["items"]
    assert [i["id"] for i in items] == ["household_visits", "key_person_visits", "familiarity",
                                        "information", "security", "visibility",
                                        "satisfaction"]
    assert sum(i["weight"] for i in items) == 100
    hv = items[0]
    assert (hv["weight"], hv["target"], hv["metric"]) == (20, 30, "households_visited_per_month")
    assert [(d["kind"], d["points"]) for d in hv["deduct"]] == [("per_unit", 0.5)]
    assert hv["deduct"][0]["step"] is None and hv["deduct"][0]["cap"] is None
    kp = items[1]["deduct"][0]
    assert (kp["kind"], kp["threshold"], kp["points"]) == ("below", 1, 10)
    sat = items[6]["deduct"][0]
    assert (sat["kind"], sat["step"], sat["points"]) == ("per_percent", 5, 5)
    assert items[4]["lower_is_better"] is True
    assert items[4]["formula"] == "cases / residents * 10000"
    veto = a["veto"][0]
    assert (veto["id"], veto["effect"], veto["grade"], veto["at_least"]) == (
        "mass_incident", "cap_grade", "pass", 1)
    assert [g["code"] for g in a["grades"]] == ["excellent", "good", "pass", "fail"]
    transfer = [s for s in a["sanctions"] if s["id"] == "last_place_transfer"][0]
    assert (transfer["action"], transfer["consecutive"], transfer["score_below"],
            transfer["last_place"], transfer["period"]) == ("transfer", 2, 80, True, "quarter")
    assert load("sanming").assessment()["difficulty"] == [
        {"office_class": "class1", "coefficient": 1.2,
         "ref": load("sanming").ref("assessment.difficulty.class1")},
        {"office_class": "class2", "coefficient": 1.1,
         "ref": load("sanming").ref("assessment.difficulty.class2")},
        {"office_class": "class3", "coefficient": 1.0,
         "ref": load("sanming").ref("assessment.difficulty.class3")}]


def test_section_defaults_and_unknown_sections():
    r = Rules.from_string(
        "region: t\nassessment:\n  veto:\n    - {id: v, name: V, metric: m, effect: zero}\n")
    veto = r.assessment()["veto"][0]
    assert veto["at_least"] == 1          # the documented default
    assert r.section_ref("assessment.veto", 0, "at_least") is None
    assert r.section_ref("assessment.veto", 0)["line"] == 4
    assert "staffing.office_classes" in commpolice.rules.sections()
    with pytest.raises(commpolice.NotFoundError, match="no rules section 'nope'"):
        r.section("nope")
    with pytest.raises(commpolice.NotFoundError, match="has no field 'nope'"):
        r.section_field("visits", 0, "nope")
    with pytest.raises(commpolice.InvalidError, match="past the end of section obligations"):
        r.section_field("obligations", 999, "id")


# --------------------------------------------------------------- decisions

@pytest.mark.parametrize("date,working", [
    ("2024-05-18", False),   # Saturday
    ("2024-05-20", True),    # Monday
    ("2024-10-03", False),   # 国庆
    ("2024-02-04", True),    # Sunday, 春节调休
    (datetime.date(2025, 1, 29), False),  # 春节 2025
])
def test_working_days(date, working):
    assert load("national").is_working_day(date) is working


def test_working_day_names_the_holiday():
    value, ref = load("national").is_working_day("2024-10-03", ref=True)
    assert value is False
    assert ref["key"].startswith("calendar.holidays.2024[")
    assert (ref["line"], ref["column"]) == where("national", "name: 国庆节", "{from")


@pytest.mark.parametrize("date,market", [
    ("2024-01-03", True),    # the anchor
    ("2024-01-08", True),
    ("2024-01-13", True),
    ("2024-01-14", False),
    ("2023-12-29", True),    # before the anchor
    ("2024-05-07", True),    # 125 days after the anchor
    ("2024-05-08", False),
])
def test_market_days_every_five_days(date, market):
    assert load("ab_office").is_market_day(date) is market


@pytest.mark.parametrize("date,reception,key", [
    ("2024-05-08", True, "duty.reception_weekdays"),     # Wednesday
    ("2024-05-09", True, "duty.reception_weekdays"),     # Thursday
    ("2024-05-10", False, None),                         # Friday, no market
    ("2024-05-07", True, "duty.reception_on_market_days"),  # Tuesday market
    ("2024-01-13", True, "duty.reception_on_market_days"),  # a Saturday market too
    ("2024-05-01", False, None),                         # a Wednesday in the May holiday
])
def test_reception_days(date, reception, key):
    value, ref = load("ab_office").is_reception_day(date, ref=True)
    assert value is reception
    if key:
        assert ref["key"].startswith(key)


@pytest.mark.parametrize("region,cadence,last,due", [
    ("national", "month", "2024-01-31", "2024-02-29"),
    ("national", "month-end", "2024-01-31", "2024-02-29"),
    ("national", "quarter", "2024-11-15", "2025-03-31"),
    ("national", "half-year", "2024-12-30", "2025-06-30"),
    ("national", "year", "2024-12-31", "2025-12-31"),
    ("national", "week", "2024-05-08", "2024-05-19"),      # next ISO week ends Sunday 19th
    ("zhuanzhi", "18th", "2024-12-18", "2025-01-18"),
    ("zhuanzhi", "18th", "2024-01-10", "2024-01-18"),
    ("national", "31st", "2024-01-31", "2024-02-29"),
    ("national", "3d", "2024-02-28", "2024-03-02"),
    ("national", "1m", "2024-01-31", "2024-02-29"),
    ("national", "working-day", "2024-05-17", "2024-05-20"),  # Friday → Monday
    ("national", "working-day", "2024-09-30", "2024-10-08"),  # over 国庆
    ("national", "working-day", "2024-02-02", "2024-02-04"),  # 调休 Sunday
    ("national", "immediate", "2024-09-30", "2024-09-30"),
])
def test_next_due(region, cadence, last, due):
    assert load(region).next_due(cadence, last) == datetime.date.fromisoformat(due)


def test_next_due_on_a_make_up_day_names_it():
    due, ref = load("national").next_due("working-day", "2024-02-02", ref=True)
    assert due == date(2024, 2, 4)
    assert ref["key"].startswith("calendar.workdays.2024")


def test_officers_needed():
    nantong = load("nantong")
    assert nantong.officers_needed(9000) == 3
    assert nantong.officers_needed(9001) == 4
    assert nantong.officers_needed(households=5000) == 0   # households have no ratio here
    chengdu = load("chengdu")
    n, ref = chengdu.officers_needed(12000, 3500, ref=True)   # max(ceil 2.4, ceil 3.5)
    assert n == 4 and ref["key"] == "staffing.households_per_officer"
    n, ref = chengdu.officers_needed(12000, 2000, ref=True)   # max(ceil 2.4, 2)
    assert n == 3 and ref["key"] == "staffing.residents_per_officer"
    with pytest.raises(commpolice.InvalidError):
        chengdu.officers_needed(-1, 0)


def test_office_class_for():
    r = load("sanming")
    assert r.office_class_for(residents=6000, floating=1500) == "class1"
    assert r.office_class_for(residents=6000, floating=200) == "class2"
    code, ref = r.office_class_for(residents=1200, ref=True)
    assert code == "class3"
    assert ref["key"] == "staffing.office_classes[class3]"
    with pytest.raises(commpolice.NotFoundError, match="no office classes"):
        load("national").office_class_for(residents=6000)


@pytest.mark.parametrize("region,item,value,points", [
    ("mountain_county", "household_visits", 25, 17.5),   # 5 missing × 0.5
    ("mountain_county", "household_visits", 10, 10),     # 20 missing × 0.5
    ("mountain_county", "household_visits", 0, 5),       # 30 missing × 0.5 = 15
    ("mountain_county", "household_visits", 45, 20),
    ("mountain_county", "key_person_visits", 0, 0),      # below 1: −10
    ("mountain_county", "satisfaction", 0.85, 5),        # 10.5% short: 2 steps of 5%
    ("mountain_county", "security", 8, 4),               # 3 over the rate × 2
    ("national", "information", 2, 4),                   # 8 missing × 2
    ("national", "visibility", 0.81, 10),                # 10% short: 1 step
])
def test_score_item(region, item, value, points):
    assert load(region).score_item(item, value)["points"] == pytest.approx(points)


def test_score_item_details():
    s = load("mountain_county").score_item("household_visits", 25)
    assert s["deduction"] == pytest.approx(2.5)
    assert s["shortfall"] == pytest.approx(5)
    assert s["capped"] is False
    assert s["ref"]["key"] == "assessment.items[household_visits].deduct[0]"
    assert s["ref"]["line"] == where("mountain_county", "- {per_unit: 0.5}")[0]
    # national satisfaction at 72%: 20 for the 20% and 5 below 80%, capped at 20
    s = load("national").score_item("satisfaction", 0.72)
    assert s["points"] == 0 and s["deduction"] == 20 and s["capped"] is True
    with pytest.raises(commpolice.NotFoundError, match="no assessment item 'nope'"):
        load("national").score_item("nope", 1)


def test_grades_difficulty_sanctions():
    n = load("national")
    assert n.grade_for(85) == "good"
    assert n.grade_for(90) == "excellent"
    assert n.grade_for(60) == "pass"
    grade, ref = n.grade_for(59.5, ref=True)
    assert grade == "fail" and ref["key"] == "assessment.grades[fail]"
    s = load("sanming")
    value, ref = s.difficulty_for("class1", ref=True)
    assert value == pytest.approx(1.2) and ref["key"] == "assessment.difficulty.class1"
    assert s.difficulty_for("class9", ref=True) == (1.0, None)
    assert n.sanction_applies("last_place_transfer", rank=9, ranked=9, last_place_streak=2,
                              score=78, previous_scores=[75]) is True
    assert n.sanction_applies("last_place_transfer", rank=9, ranked=9, last_place_streak=2,
                              score=82, previous_scores=[75]) is False
    assert n.sanction_applies("last_place_transfer", rank=8, ranked=9, last_place_streak=2,
                              score=70) is False
    assert n.sanction_applies("last_place_transfer", rank=9, ranked=9, last_place_streak=1,
                              score=70) is False
    value, ref = n.sanction_applies("nameplate_revoked", metric_value=0.89, ref=True)
    assert value is True and ref["key"] == "assessment.sanctions[nameplate_revoked]"
    assert n.sanction_applies("nameplate_revoked", metric_value=0.92) is False
    assert n.sanction_applies("annual_top_three", rank=3, ranked=20) is True
    assert n.sanction_applies("annual_top_three", rank=4, ranked=20) is False


def test_durations_and_periods():
    assert commpolice.duration_add("3d", "2024-02-28") == date(2024, 3, 2)
    assert commpolice.duration_add("1m", datetime.date(2024, 1, 31)) == date(2024, 2, 29)
    assert commpolice.duration_add("1y", "2024-02-29") == date(2025, 2, 28)
    assert commpolice.cadence_period("quarter", "2024-05-08") == (date(2024, 4, 1), date(2024, 6, 30))
    assert commpolice.cadence_period("half-month", "2024-02-20") == (date(2024, 2, 16), date(2024, 2, 29))
    assert commpolice.cadence_period("week", "2024-05-08") == (date(2024, 5, 6), date(2024, 5, 12))


def test_bad_arguments_say_which():
    r = load("national")
    with pytest.raises(commpolice.InvalidError, match="^date: no such date: '2024-02-30'"):
        r.is_working_day("2024-02-30")
    with pytest.raises(commpolice.InvalidError, match="^last_done: not a date"):
        r.next_due("month", "31.01.2024")
    with pytest.raises(commpolice.InvalidError, match="^cadence: bad cadence 'fortnightly'"):
        r.next_due("fortnightly", "2024-01-31")
    with pytest.raises(commpolice.InvalidError, match="^duration: bad duration"):
        commpolice.duration_add("3 days", "2024-01-01")
    with pytest.raises(commpolice.InvalidError, match='^kind: expected "region"'):
        Rules("national", "url")


def test_decisions_from_many_threads():
    r = load("ab_office")
    errors = []

    def work():
        try:
            for _ in range(200):
                assert r.is_reception_day("2024-05-07") is True
                assert r.is_working_day("2024-10-03") is False
                assert r.next_due("month", "2024-01-31") == date(2024, 2, 29)
        except Exception as e:  # noqa: BLE001  (reported below)
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# ------------------------------------------------------------ rule tests

def test_failing_rule_test_is_reported_with_its_line():
    r = Rules.from_string(
        "region: t\n"
        "tests:\n"
        "  - {name: Saturday works, check: working_day, date: 2024-05-18, expect: true}\n"
        "  - {name: Monday works, check: working_day, date: 2024-05-20, expect: true}\n",
        name="t.yaml")
    failures = r.run_tests()
    assert len(failures) == 1
    f = failures[0]
    assert (f["name"], f["check"], f["expected"], f["actual"]) == (
        "Saturday works", "working_day", "true", "false")
    assert (f["file"], f["line"], f["passed"]) == ("t.yaml", 3, False)
    assert f["column"] > 0
    assert f["ref"]["key"] == "calendar.weekend"
    assert len(r.run_tests(include_passed=True)) == 2


# ---------------------------------------------------------- broken rules

BROKEN = [
    # (text, exception, line, column, field, message)
    ("region: t\nvisits:\n  househods_per_month: 3\n", "RulesError", 3, 3,
     "visits.househods_per_month",
     "unknown key 'househods_per_month' in visits; did you mean 'households_per_month'?"),
    ("region: t\nvisit:\n  households_per_month: 3\n", "RulesError", 2, 1, "visit",
     "did you mean 'visits'?"),
    ("region: t\nvisits:\n  days_in_district_per_week: 8\n", "RulesError", 3, 30,
     "visits.days_in_district_per_week", "8 is out of range: must be between 0 and 7"),
    ("region: t\nvisits:\n  households_per_month: thirty\n", "RulesError", 3, 25,
     "visits.households_per_month", "expected a whole number, got 'thirty'"),
    ("region: t\nvisits:\n  return_visit_within: 3 days\n", "RulesError", 3, 24,
     "visits.return_visit_within", "bad duration '3 days'"),
    ("region: t\nvisits:\n  household_cadence: fortnightly\n", "RulesError", 3, 22,
     "visits.household_cadence", "bad cadence 'fortnightly'"),
    ("region: t\nduty:\n  reception_weekdays: [wed, thurs]\n", "RulesError", 3, 29, None,
     "'thurs' is not a weekday"),
    ("region: t\nvisits:\n  contact_card: yes\n", "RulesError", 3, 17, "visits.contact_card",
     "expected true or false, got 'yes'"),
    ("region: t\nobligations:\n  - {id: x, name: X, kind: meeting, cadence: month}\n"
     "  - {id: x, name: Y, kind: meeting, cadence: week}\n", "RulesError", 4, None, None,
     "duplicate id 'x' (first at line 3)"),
    ("region: t\nassessment:\n  items:\n    - {id: a, name: A, metric: m, weight: -1}\n",
     "RulesError", 4, None, "assessment.items[a].weight", "out of range"),
    ("region: t\nvisits: {households_per_month: 3\n", "ParseError", 3, None, None,
     "did not find expected"),
    ("region: t\nextends: atlantis\n", "NotFoundError", 2, 10, "extends",
     "parent region 'atlantis' not found"),
]


@pytest.mark.parametrize("text,exc,line,column,field,message", BROKEN)
def test_broken_rules_raise_with_their_place(text, exc, line, column, field, message):
    with pytest.raises(getattr(commpolice, exc)) as info:
        Rules.from_string(text, name="bad.yaml", search_path=REGIONS_DIR)
    e = info.value
    assert e.file == "bad.yaml"
    assert e.line == line
    if column is not None:
        assert e.column == column
    else:
        assert e.column > 0
    if field is not None:
        assert e.field == field
    assert message in e.message
    assert e.message.startswith("bad.yaml:%d:%d: " % (e.line, e.column))


def test_rules_error_is_an_error_with_a_code():
    with pytest.raises(commpolice.Error) as info:
        Rules.from_string("region: t\nvisits:\n  contact_card: yes\n")
    assert isinstance(info.value, commpolice.RulesError)
    assert info.value.name == "CPOL_ERULES"
    assert info.value.file == "<string>"


def test_error_in_a_parent_file_names_that_file(tmp_path):
    (tmp_path / "par.yaml").write_text("region: par\nvisits:\n  households_per_month: many\n",
                                       encoding="utf-8")
    (tmp_path / "kid.yaml").write_text("region: kid\nextends: par\n", encoding="utf-8")
    with pytest.raises(commpolice.RulesError) as info:
        Rules.from_file(tmp_path / "kid.yaml")
    assert info.value.file == str(tmp_path / "par.yaml")
    assert (info.value.line, info.value.column) == (3, 25)


def test_extends_cycle_and_misnamed_region(tmp_path):
    (tmp_path / "a.yaml").write_text("region: a\nextends: b\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("region: b\nextends: a\n", encoding="utf-8")
    with pytest.raises(commpolice.RulesError) as info:
        Rules.from_file(str(tmp_path / "a.yaml"))
    assert "extends cycle: a -> b -> a" in info.value.message
    assert (info.value.line, info.value.column) == (2, 10)
    (tmp_path / "x.yaml").write_text("region: y\n", encoding="utf-8")
    with pytest.raises(commpolice.RulesError) as info:
        Rules.load("x", search_path=str(tmp_path))
    assert "region 'y' does not match the file's name 'x.yaml'" in info.value.message
    assert (info.value.file, info.value.line, info.value.column) == (
        str(tmp_path / "x.yaml"), 1, 9)


def test_missing_file_and_bad_region_name(tmp_path):
    with pytest.raises(commpolice.NotFoundError) as info:
        Rules.from_file(tmp_path / "none.yaml")
    assert info.value.file == str(tmp_path / "none.yaml")
    with pytest.raises(commpolice.InvalidError, match="is not a region name"):
        Rules.load("../etc")


# -------------------------------------------------------------------- hash

BASE = ("region: t\n"
        "visits:\n"
        "  households_per_month: 30\n"
        "  feedback_within: 1w\n"
        "duty:\n"
        "  reception_weekdays: [wed, thu]\n")


def test_hash_is_the_sha256_of_the_canonical_form():
    r = Rules.from_string(BASE)
    canon = r.canonical()
    assert r.hash() == hashlib.sha256(canon.encode("utf-8")).hexdigest()
    tree = json.loads(canon)
    assert tree["visits"]["households_per_month"] == 30
    assert list(tree) == sorted(tree)
    assert "tests" not in tree and "source" not in tree and "extends" not in tree


def test_hash_ignores_order_spacing_comments_and_spelling():
    h = Rules.from_string(BASE).hash()
    reordered = ("# the same rules\n"
                 "duty:\n"
                 "    reception_weekdays:   [wed,   thu]   # 周三、周四\n"
                 "visits:\n"
                 "    feedback_within: 7d\n"
                 "    households_per_month: 30\n"
                 "region: t\n"
                 "source: not hashed\n"
                 "tests:\n"
                 "  - {name: x, check: value, key: visits.households_per_month, expect: 30}\n")
    assert Rules.from_string(reordered).hash() == h
    assert Rules.from_string(BASE.replace("[wed, thu]", "[周三, 星期四]")).hash() == h
    assert Rules.from_string(BASE.replace("30", "31")).hash() != h
    assert Rules.from_string(BASE.replace("1w", "8d")).hash() != h
    assert Rules.from_string(BASE).hash() == h   # stable across loads


def test_hash_ignores_how_values_are_spread_over_the_chain(tmp_path):
    (tmp_path / "mid.yaml").write_text("region: mid\nvisits:\n  households_per_month: 30\n",
                                       encoding="utf-8")
    (tmp_path / "t.yaml").write_text("region: t\nextends: mid\n", encoding="utf-8")
    chained = Rules.from_file(tmp_path / "t.yaml")
    direct = Rules.from_string("region: t\nvisits:\n  households_per_month: 30\n")
    assert len(chained.chain()) == 3
    assert chained.hash() == direct.hash()
    assert chained.ref("visits.households_per_month")["region"] == "mid"


@pytest.mark.parametrize("name", REGIONS)
def test_shipped_hashes_are_distinct_and_well_formed(name):
    h = load(name).hash()
    assert len(h) == 64 and all(c in "0123456789abcdef" for c in h)
    others = {load(n).hash() for n in REGIONS if n != name}
    assert h not in others


def test_transfer_needs_both_last_places_under_80():
    # [003] 连续两次排名末位且得分在80分以下: both reviews last, both under 80.
    n = load("national")
    def moved(previous, score):
        return n.sanction_applies("last_place_transfer", rank=9, ranked=9,
                                  last_place_streak=2, score=score,
                                  previous_scores=previous)
    assert moved([85], 70) is False
    assert moved([75], 70) is True
    assert moved([80], 70) is False
    assert moved([75], 80) is False
    assert moved([], 70) is False  # the earlier score is unknown


def test_first_last_place_brings_criticism_and_warning_talk():
    n = load("national")
    s = [x for x in n.section("assessment.sanctions") if x["id"] == "last_place_warning"]
    assert s and s[0]["action"] == "criticism"


def test_dated_values_by_day_through_inheritance():
    """docs/rules.md "Values that change over time": the region dates 20
    training days from 2026-01-01; before, national's 15 holds. The
    object of a day outlives the rules it came from."""
    r = Rules.from_string("region: d\nextends: national\nduty:\n  training_days_per_year:\n"
                          "    - {value: 20, from: 2026-01-01}\n", name="d.yaml")
    assert r.is_dated()
    assert r.at("2025-12-31").get("duty.training_days_per_year") == 15
    day = r.at(datetime.date(2026, 1, 1))
    assert day.ref("duty.training_days_per_year")["line"] == 5
    digest = r.hash()
    del r
    gc.collect()
    assert day.get("duty.training_days_per_year") == 20
    assert day.hash() == digest
    with pytest.raises(commpolice.Error):
        day.at("2026-02-30")
