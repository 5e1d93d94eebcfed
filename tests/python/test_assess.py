"""Assessment from Python: scoring worked out by hand, the consecutive-last
rule across quarters, explanations, what-if, callbacks, stored values and
surveys (tests/unit/test_assess.c has the larger C cases).
"""
import os
import subprocess
import sys
import traceback

import pytest

import commpolice
from commpolice import assess
from datetime import date

# info: −5 a missing item, that rule capped at 40; sat: −10 per full 10% of
# the 90% target it falls short.
RULES = """\
region: pyassess
extends: national
assessment:
  period: quarter
  ranking_scope: station
  items:
    - {id: info, name: 信息收集, metric: info_exported, weight: 60, target: 10,
       deduct: [{per_unit: 5, cap: 40}]}
    - {id: sat, name: 群众满意率, metric: satisfaction_rate, weight: 40, target: 90%,
       deduct: [{per_percent: 10, points: 10}]}
  veto:
    - {id: incident, name: 重大责任事故, metric: major_incidents, effect: zero}
  grades:
    - {code: excellent, name: 优秀, min: 90}
    - {code: good, name: 良好, min: 80}
    - {code: pass, name: 合格, min: 60}
    - {code: fail, name: 不合格, min: 0}
  sanctions:
    - {id: warn, name: 末位诫勉谈话, action: warning_talk, target: officer, period: quarter,
       last_place: true}
    - {id: transfer, name: 连续两次末位且低于80分, action: transfer, target: officer,
       period: quarter, last_place: true, consecutive: 2, score_below: 80}
"""


@pytest.fixture
def world(db):
    rules = commpolice.Rules(RULES, "text", name="pyassess.yaml")
    region = db.region_add("pyassess")
    station = db.station_add(region, "城东派出所")
    office = db.office_add(station, "城东警务室")
    p1 = db.staff_add(office, "王建国", "officer", "2024-01-01", badge="200001")
    p2 = db.staff_add(office, "李秀英", "officer", "2024-01-01", badge="200002")
    p3 = db.staff_add(office, "张志强", "officer", "2024-01-01", badge="200003")
    return {"rules": rules, "office": office, "station": station, "officers": (p1, p2, p3)}


def quarter_data(db, w):
    """Q1: info 10, 10, 4 → 60, 60, 60 − 6 × 5 = 30; satisfaction 95 of 100 → 40.
    Totals 100, 100, 70: the third officer is last.
    Q2: info 9, 1, 1 → 55, 60 − min(9 × 5, 40) = 20, 20; satisfaction 40 of 50
    = 0.8, 0.1 short = 11.1% of the target → 1 step → 30. Totals 85, 50, 50:
    the second and third share rank 2 and are both last."""
    p1, p2, p3 = w["officers"]
    for pid, q1, q2 in ((p1, 10, 9), (p2, 10, 1), (p3, 4, 1)):
        assess.store_metric(db, "info_exported", pid, "2024-Q1", q1, source="test")
        assess.store_metric(db, "info_exported", pid, "2024-Q2", q2, source="test")
    assess.add_survey(db, w["office"], "satisfaction", "2024-02-01", 100, 95)
    assess.add_survey(db, w["office"], "satisfaction", "2024-05-01", 50, 40)


def test_scores_match_the_hand_computation(db, world):
    quarter_data(db, world)
    p1, p2, p3 = world["officers"]
    a = commpolice.Assessor(db, world["rules"])
    q1 = a.score("2024-Q1")
    assert [(r["subject_id"], r["total"], r["rank"]) for r in q1.results()] == [
        (p1, 100.0, 1), (p2, 100.0, 1), (p3, 70.0, 3)]
    assert q1.result(p3)["last_place"] is True
    assert q1.result(p3)["lines"][0]["arithmetic"].endswith("60 − 30 = 30.00")
    assert q1.rules_hash == world["rules"].hash()
    q1.save(db)

    q2 = a.score("2024-Q2")
    r1, r2, r3 = (q2.result(p) for p in (p1, p2, p3))
    assert (r1["total"], r2["total"], r3["total"]) == (85.0, 50.0, 50.0)
    assert r2["lines"][0]["points"] == 20.0 and r2["lines"][0]["capped"] is True
    assert r1["lines"][1]["value"] == pytest.approx(0.8)
    assert r1["lines"][1]["points"] == 30.0
    assert r1["lines"][1]["rule"]["key"] == "assessment.items[sat].deduct[0]"
    assert r1["lines"][1]["rule"]["file"] == "pyassess.yaml"
    assert (r2["rank"], r3["rank"], r3["ranked"]) == (2, 2, 3)
    assert r2["last_place"] and r3["last_place"]
    assert [s["id"] for s in r2["sanctions"]] == ["warn"]
    assert [s["id"] for s in r3["sanctions"]] == ["warn", "transfer"]
    assert r3["last_place_streak"] == 2
    assert r2["grade"] == "fail" and r1["grade"] == "good"

    run = q2.save(db)
    assert assess.latest_run(db, "2024-Q2") == run
    back = assess.load_assessment(db, run)
    assert back.run_id == run
    assert back.ranking() == q2.ranking()
    trace = q2.trace(p3)
    assert trace["format"] == "commpolice.trace/1"
    assert trace["rules_hash"] == q2.rules_hash
    assert any(v["key"].startswith("assessment.items[") and v["file"] and v["line"] > 0
               for v in trace["rules"])
    text = back.explain(p3)
    assert "张志强 (警号 200003)" in text
    assert "9 × 5 = 45, capped at 40" in text
    assert "连续两次末位且低于80分" in text


def test_veto_and_callback_metric(db, world):
    quarter_data(db, world)
    p1, p2, p3 = world["officers"]
    a = assess.Assessor(db, world["rules"])
    calls = []

    def incidents(name, subject, subject_id, office_id, period):
        calls.append((name, subject, subject_id, office_id, period))
        return (1, 1, 0, "5月 重大火灾") if subject_id == p1 else None

    a.add_metric("major_incidents", incidents, "count")
    q2 = a.score("2024-Q2")
    assert len(calls) == 3
    assert calls[0] == ("major_incidents", "officer", p1, world["office"], "2024-Q2")
    r1 = q2.result(p1)
    assert r1["total"] == 0.0 and r1["veto"] == "incident"
    veto = [l for l in r1["lines"] if l["kind"] == "veto"][0]
    assert veto["applied"] is True and veto["note"] == "5月 重大火灾"
    # Now the first is last, alone: the others tie at 50 above him.
    assert r1["rank"] == 3 and r1["last_place"]

    def broken(*args):
        raise ValueError("情报系统不可用")

    b = assess.Assessor(db, world["rules"])
    b.add_metric("major_incidents", broken)
    with pytest.raises(commpolice.CallbackError, match="情报系统不可用") as caught:
        b.score("2024-Q2")
    # raise ... from: the callback's own exception is the cause, with its
    # traceback (the line in broken()), and the error is also a RuntimeError.
    cause = caught.value.__cause__
    assert type(cause) is ValueError and cause.args == ("情报系统不可用",)
    assert traceback.extract_tb(cause.__traceback__)[-1].name == "broken"
    assert isinstance(caught.value, RuntimeError) and caught.value.code == -17

    # An answer that is not a number: the TypeError is the cause.
    c = assess.Assessor(db, world["rules"])
    c.add_metric("major_incidents", lambda *args: "three")
    with pytest.raises(commpolice.CallbackError, match="did not answer") as caught:
        c.score("2024-Q2")
    assert isinstance(caught.value.__cause__, TypeError)
    # The next error of another kind has no stale cause.
    with pytest.raises(commpolice.ExistsError) as other:
        c.add_metric("major_incidents", broken)
    assert other.value.__cause__ is None
    with pytest.raises(commpolice.ExistsError):
        b.add_metric("satisfaction_rate", broken)


def test_what_if_lists_changes(db, world):
    quarter_data(db, world)
    p1, p2, p3 = world["officers"]
    # −8 a missing item, uncapped: harsher, but it changes no rank, grade or sanction.
    harsher = commpolice.Rules(RULES.replace("per_unit: 5, cap: 40", "per_unit: 8"), "text")
    changes = assess.what_if(db, world["rules"], harsher, "2024-Q2")
    # Q2 under it: 60 − 8 = 52 + 30 = 82 (good: rank 1), the others 0 + 30 = 30
    # (fail, still tied last): nothing changes in rank, grade or sanctions but
    # the first officer's total, which is not a change.
    assert changes == []
    flat = commpolice.Rules(RULES.replace("per_unit: 5, cap: 40", "per_unit: 0.5"), "text")
    changes = assess.what_if(db, world["rules"], flat, "2024-Q2")
    # Under −0.5: 59.5 + 30 = 89.5 (good), 55.5 + 30 = 85.5 (good, was fail) twice.
    assert [c["subject_id"] for c in changes] == [p2, p3]
    assert changes[0]["grade_before"] == "fail" and changes[0]["grade_after"] == "good"
    assert changes[0]["total_after"] == 85.5
    assert changes[0]["sanctions_changed"] is False


def test_metrics_surveys_and_errors(db, world):
    quarter_data(db, world)
    p1, p2, p3 = world["officers"]
    a = assess.Assessor(db, "national")
    m = a.metric("satisfaction_rate", p1, "2024-Q2")
    assert m["has_value"] and m["value"] == pytest.approx(0.8)
    assert (m["numerator"], m["denominator"]) == (40.0, 50.0)
    assert m["source"] == "survey" and m["record_table"] == "assess_survey"
    assert len(m["records"]) == 1
    m = a.metric("info_exported", p2, "2024-Q2")
    assert m["source"] == "stored" and m["value"] == 1.0
    m = a.metric("months", p2, "2024-H1")
    assert m["value"] == 6.0
    surveys = assess.survey_list(db, world["office"], "2024-Q2")
    assert [(s["kind"], s["sample_size"], s["positive"]) for s in surveys] == [
        ("satisfaction", 50, 40)]
    db.survey_archive(surveys[0]["id"])
    assert assess.survey_list(db, world["office"], "2024-Q2") == []
    names = [b["name"] for b in assess.builtin_metrics()]
    assert "households_visited" in names and "cases_per_10k" in names
    assert assess.period_bounds("2024-Q2") == (date(2024, 4, 1), date(2024, 6, 30))
    assert assess.period_previous("2024-Q1") == "2023-Q4"
    with pytest.raises(commpolice.InvalidError) as e:
        assess.store_metric(db, "households_visited", p1, "2024-Q2", 1)
    assert e.value.field == "name"
    with pytest.raises(commpolice.InvalidError):
        a.score("2024-Q5")
    with pytest.raises(commpolice.InvalidError):
        assess.add_survey(db, world["office"], "satisfaction", "2024-05-01", 10, 11)
    with pytest.raises(commpolice.NotFoundError):
        a.score("2024-Q2", scope=("station", 9999))
    with pytest.raises(commpolice.RulesError) as e:
        assess.Assessor(db, commpolice.Rules(
            "region: bad\nextends: national\nassessment:\n  derived:\n    x: \"random()\"\n",
            "text", name="bad.yaml"))
    assert e.value.file == "bad.yaml" and e.value.field == "assessment.derived.x"


def test_closed_database_raises_misuse(db, world):
    a = assess.Assessor(db, world["rules"])
    db.close()
    with pytest.raises(commpolice.MisuseError):
        a.score("2024-Q2")


def test_example_custom_metric_runs(tmp_path):
    """examples/python/custom_metric.py adds a metric and scores with it."""
    src = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__), "..", ".."))
    script = os.path.join(src, "examples", "python", "custom_metric.py")
    out = subprocess.run([sys.executable, script, str(tmp_path / "example.db")],
                         capture_output=True, text=True, check=True).stdout
    assert "rank 1" in out and "good_deeds" in out


def test_results_outlive_the_assessor_and_its_rules(db, world):
    """Score with an Assessor and Rules nobody else holds, drop both and
    collect: the results still read (they read freed memory when results
    borrowed from the rules)."""
    import gc
    quarter_data(db, world)
    p1, p2, p3 = world["officers"]
    q = commpolice.Assessor(db, commpolice.Rules(RULES, "text", name="pyassess.yaml")).score(
        "2024-Q2")
    gc.collect()
    r1, r3 = q.result(p1), q.result(p3)
    assert (r1["grade"], r3["grade"]) == ("good", "fail")
    assert r1["lines"][1]["name"] == "群众满意率"
    assert r1["lines"][1]["rule"]["file"] == "pyassess.yaml"
    assert [s["name"] for s in r3["sanctions"]] == ["末位诫勉谈话"]
    assert "群众满意率" in q.explain(p1)


def test_vetoed_officer_ranks_after_the_unvetoed(db, world):
    """A veto with rank_after_unvetoed: the vetoed officer at 100 (Q1 info 10,
    satisfaction 95%) comes after both unvetoed officers; capped at pass."""
    quarter_data(db, world)
    p1, p2, p3 = world["officers"]
    rules = commpolice.Rules(RULES.replace(
        "effect: zero}", "effect: [cap_grade, rank_after_unvetoed], grade: pass}"),
        "text", name="pyveto.yaml")
    a = commpolice.Assessor(db, rules)
    a.add_metric("major_incidents", lambda n, s, sid, o, p: (1, 1, 0, "") if sid == p1 else None,
                 "count")
    q1 = a.score("2024-Q1")
    assert [(r["subject_id"], r["rank"]) for r in q1.results()] == [(p2, 1), (p3, 2), (p1, 3)]
    r1 = q1.result(p1)
    assert (r1["total"], r1["grade"], r1["last_place"]) == (100.0, "pass", True)
