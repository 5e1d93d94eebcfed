"""Units and the office's work from Python: units, notices, visits, the owed view, rates.

Expected dates are worked out by hand (see tests/unit/test_work.c for the
same cases in C): 2024-10-01..07 is the National Day holiday, 2024-02-10..17
the Spring Festival holiday with Sunday 2024-02-18 a make-up working day.
"""
import inspect

import pytest

import commpolice
from datetime import date

RULES = """\
region: pywork
places:
  types:
    - {code: entertainment, name: 娱乐服务场所, inspect: month}
    - {code: internal_unit, name: 内部单位, inspect: month, contact: 1m}
  rectification_deadline: 1w
  escalate_after: 1w
visits:
  return_visit_within: 3d
  feedback_within: 1w
obligations:
  - {id: case_notice, name: 案情通报, kind: notice, cadence: week}
  - {id: major_case_notice, name: 重大案情通报, kind: notice, cadence: immediate}
calendar:
  holidays:
    2024:
      - {from: 2024-02-10, to: 2024-02-17, name: 春节}
      - {from: 2024-10-01, to: 2024-10-07, name: 国庆节}
  workdays:
    2024: [2024-02-18, 2024-09-29, 2024-10-12]
"""


@pytest.fixture
def world(db):
    rules = commpolice.Rules(RULES, "text")
    region = db.region_add("national")
    station = db.station_add(region, "城东派出所")
    office = db.office_add(station, "城东警务室")
    officer = db.staff_add(office, "王建国", "officer", "2023-01-01", badge="012345")
    return db, rules, office, officer


def test_owed_rules_default_to_the_office_region(world):
    db, rules, office, officer = world
    db.unit_add(rules, office, "entertainment", "甲KTV", "2024-01-10", officer_id=officer)
    # None: the office's region (national), the same view as the Rules object gives
    assert db.owed_items(None, office, "2024-10-09") == db.owed_items("national", office, "2024-10-09")
    assert db.owed_items(None, office, "2024-10-09") != db.owed_items(rules, office, "2024-10-09")


def test_owed_kinds_paging_and_counts(world):
    db, rules, office, officer = world
    for name in ("甲KTV", "乙KTV", "丙KTV"):
        db.unit_add(rules, office, "entertainment", name, "2024-01-10", officer_id=officer)
    counts = db.owed_counts(rules, office, "2024-10-09", kinds=["inspection"])
    assert counts["by_kind"] == {"inspection": 3}
    assert counts["total"] == 3
    # two pages of two: the same three items, in order
    whole = db.owed_items(rules, office, "2024-10-09", kinds=["inspection"])
    pages = (db.owed_items(rules, office, "2024-10-09", kinds=["inspection"], limit=2)
             + db.owed_items(rules, office, "2024-10-09", kinds=["inspection"], offset=2, limit=2))
    assert pages == whole and len(whole) == 3
    assert all(it["kind"] == "inspection" and it["overdue"] for it in whole)
    with pytest.raises(commpolice.InvalidError):
        db.owed_items(rules, office, "2024-10-09", kinds=["lunch"])


def test_one_rules_object_or_a_region_name(world):
    db, rules, office, officer = world
    # The Rules object of the rules module is what every module takes.
    assert type(rules) is commpolice.Rules
    # A region name is loaded for the call: national has the place type "entertainment".
    uid = db.unit_add("national", office, "entertainment", "乙KTV", "2024-01-10", officer_id=officer)
    db.unit_update(uid, rules="national", name="乙KTV（新）")
    assert db.unit(uid)["name"] == "乙KTV（新）"
    with pytest.raises(commpolice.NotFoundError):
        db.owed_items("no_such_region_here", office, "2024-10-09")


def test_rates_keep_their_rules_alive(world):
    db, rules, office, officer = world
    import gc
    # The rule key of notices_on_time is owned by the rules: the WorkRates
    # object holds a reference to them after the only Python one is gone.
    r = db.work_rates(commpolice.Rules(RULES, "text"), office, "2024-10-01", "2024-10-31")
    gc.collect()
    junk = [commpolice.Rules(RULES.replace("pywork", "junk%d" % i), "text") for i in range(5)]
    assert r.rule_key("notices_on_time") == "places.rectification_deadline"
    assert r.rule_key("return_visits") == "visits.return_visit_within"
    del junk


def test_unit_lifecycle(world):
    db, rules, office, officer = world
    uid = db.unit_add(rules, office, "entertainment", "金色年华KTV", "2024-01-10",
                      officer_id=officer, responsible_name="陈丽")
    assert isinstance(uid, int)
    u = db.unit(uid)
    assert u["name"] == "金色年华KTV"
    assert u["status"] == "open"
    assert u["status_since"] == date(2024, 1, 10)
    assert u["responsible_name"] == "陈丽"
    db.unit_set_status(uid, "suspended", "2024-03-01", "停业整顿")
    periods = db.unit_periods(uid)
    # The open period ends the day before: 29 February, 2024 being a leap year.
    assert periods[0] == {"status": "open", "valid_from": date(2024, 1, 10),
                          "valid_to": date(2024, 2, 29), "reason": "opened"}
    assert periods[1]["status"] == "suspended" and periods[1]["valid_to"] is None
    db.unit_update(uid, responsible_name="孙经理")
    assert db.unit(uid)["responsible_name"] == "孙经理"
    assert [x["id"] for x in db.unit_list(office_id=office)] == [uid]
    assert db.unit_count(office_id=office, status="open") == 0


def test_unit_errors_name_the_field(world):
    db, rules, office, officer = world
    with pytest.raises(commpolice.InvalidError) as info:
        db.unit_add(rules, office, "internet_cafe", "某网吧", "2024-01-10")
    assert info.value.field == "type"
    with pytest.raises(commpolice.NotFoundError) as info:
        db.unit_add(rules, 999, "entertainment", "x", "2024-01-10")
    assert info.value.field == "office_id"


def test_overdue_notice_stays_until_closed(world):
    db, rules, office, officer = world
    uid = db.unit_add(rules, office, "entertainment", "甲KTV", "2024-01-10", officer_id=officer)
    insp = db.inspection_add(uid, "2024-09-24", officer_id=officer)
    db.inspection_add_item(insp, "灭火器", ok=0, fire=1, finding="过期")
    db.hazard_add(insp, "安全出口堵塞", fire=1)
    nid = db.notice_issue(rules, insp, "2024-09-24", number_prefix="城东警务室")
    n = db.notice(nid)
    assert n["number"] == "城东警务室〔2024〕第001号"
    # 24 September + 1 week = 1 October, in the holiday: Tuesday 8 October.
    assert n["deadline"] == date(2024, 10, 8)
    assert n["deadline_rule"]["key"] == "places.rectification_deadline"

    items = db.owed_items(rules, office, "2024-10-10")
    notice = [i for i in items if i["kind"] == "notice"]
    assert len(notice) == 1
    assert notice[0]["days_overdue"] == 2
    assert notice[0]["subject"] == "城东警务室〔2024〕第001号"
    assert notice[0]["rule"]["file"] == "<string>"
    esc = [i for i in items if i["kind"] == "escalation"]
    assert esc[0]["due"] == date(2024, 10, 15)

    db.notice_escalate(nid, "2024-10-16", "城东派出所")
    db.notice_reinspect(nid, "2024-10-25", 1, officer_id=officer)
    assert [i for i in db.owed_items(rules, office, "2024-10-26") if i["kind"] == "notice"] == []
    n = db.notice(nid)
    assert (n["escalated_on"], n["closed_on"], n["result"]) == (date(2024, 10, 16), date(2024, 10, 25), "rectified")
    with pytest.raises(commpolice.ConstraintError):
        db.notice_close(nid, "2024-10-26", "withdrawn")
    text = db.notice_render(nid)
    assert "整改通知书" in text and "请于2024年10月8日前整改完毕" in text
    got = db.inspection(insp)
    assert got["items"][0] == {"item": "灭火器", "ok": False, "fire": True, "finding": "过期"}
    assert got["hazards"][0]["fixed_on"] == date(2024, 10, 25)
    trail = list(db.audit_entries(table="rectification_notice", row_id=nid))
    assert [e["action"] for e in trail] == ["insert", "update", "update", "update"]


def test_return_visit_and_feedback(world):
    db, rules, office, officer = world
    inc = db.incident_add(office, "2024-09-28", "criminal", "入室盗窃", officer_id=officer)
    req = db.request_add(office, "2024-02-05", "李阿姨", "路灯不亮", officer_id=officer)
    items = db.owed_items(rules, office, "2024-10-09")
    rv = [i for i in items if i["kind"] == "return_visit"][0]
    assert (rv["due"], rv["days_overdue"], rv["rule"]["key"]) == \
        (date(2024, 10, 8), 1, "visits.return_visit_within")
    fb = [i for i in items if i["kind"] == "feedback"][0]
    # 5 February + 1 week = 12 February, holiday to the 17th; the 18th is a make-up working day.
    assert fb["due"] == date(2024, 2, 18)
    db.visit_add(office, "2024-10-09", "return_visit", incident_id=inc, officer_id=officer)
    assert db.incident(inc)["returned_on"] == date(2024, 10, 9)
    db.request_feedback(req, "2024-02-18", "已修复")
    assert db.request(req)["feedback_on"] == date(2024, 2, 18)
    kinds = {i["kind"] for i in db.owed_items(rules, office, "2024-10-09")}
    assert "return_visit" not in kinds and "feedback" not in kinds
    with pytest.raises(commpolice.InvalidError) as info:
        db.request_add(office, "2024-02-05", "x", "y", in_scope=0)
    assert info.value.field == "referred_to"
    r = db.rates(rules, office, "2024-10-01", "2024-10-31")
    assert (r["return_visits"]["due"], r["return_visits"]["done"]) == (1, 0)
    assert r["return_visits"]["rate"] == 0.0


def test_disputes_records_and_worklog(world):
    db, rules, office, officer = world
    did = db.dispute_add(office, "2024-03-01", "王某、李某", "噪音", officer_id=officer)
    db.dispute_resolve(did, "mediated", "2024-03-03", "达成协议")
    assert db.dispute(did)["status"] == "mediated"
    with pytest.raises(commpolice.InvalidError):
        db.duty_record_add(rules, office, "tea_party", "2024-03-01", "茶话会")
    db.duty_record_add(rules, office, "case_notice", "2024-03-05", "三月第一周案情通报",
                       officer_id=officer)
    db.worklog_keep(office, officer, "2024-03-05", "走访辖区商户")
    text = db.worklog_text(officer, "2024-03-05")
    assert text.startswith("工作日志 2024-03-05\n1. [record] case_notice 三月第一周案情通报")
    assert "走访辖区商户" in text
    assert db.visit_count("2024-03-01", "2024-03-31", office_id=office) == 0


def test_closed_database_raises_misuse(world):
    db, rules, office, officer = world
    db.close()
    with pytest.raises(commpolice.MisuseError):
        db.owed_items(rules, office, "2024-10-09")


def test_listings_are_generators_of_dicts(world):
    db, rules, office, officer = world
    uid = db.unit_add(rules, office, "entertainment", "甲KTV", "2024-01-10", officer_id=officer)
    insp = db.inspection_add(uid, "2024-09-24", officer_id=officer)
    db.inspection_add_item(insp, "灭火器", ok=0, fire=1, finding="过期")
    db.hazard_add(insp, "安全出口堵塞", fire=1)
    n1 = db.notice_issue(rules, insp, "2024-09-24", number_prefix="城东警务室")
    insp2 = db.inspection_add(uid, "2024-10-09", officer_id=officer, kind="fire")
    db.hazard_add(insp2, "疏散通道堵塞", fire=1)
    n2 = db.notice_issue(rules, insp2, "2024-10-09", number_prefix="城东警务室")
    db.notice_close(n2, "2024-10-12", "rectified")

    # n1's deadline is 8 October (1 October + National Day): overdue on the 10th.
    gen = db.notice_list(office_id=office, state="overdue", on="2024-10-10")
    assert inspect.isgenerator(gen)
    overdue = list(gen)
    assert [n["number"] for n in overdue] == ["城东警务室〔2024〕第001号"]
    assert overdue[0] == db.notice(n1)
    assert [n["id"] for n in db.notice_list(office_id=office, state="closed")] == [n2]
    assert [n["id"] for n in db.notice_list(office_id=office, year=2025)] == []
    assert [n["id"] for n in db.notice_list(office_id=office, page=1)] == [n1, n2]
    with pytest.raises(commpolice.InvalidError) as info:
        db.notice_list(office_id=office, state="overdue")
    assert info.value.field == "on"
    with pytest.raises(commpolice.InvalidError) as info:
        db.notice_list(state="late")
    assert info.value.field == "state"

    ins = list(db.inspection_list(unit_id=uid))
    assert [i["id"] for i in ins] == [insp, insp2]
    assert ins[0] == db.inspection(insp)
    assert ins[0]["items"] == [{"item": "灭火器", "ok": False, "fire": True, "finding": "过期"}]
    assert [i["id"] for i in db.inspection_list(office_id=office, kind="fire")] == [insp2]
    assert [i["id"] for i in db.inspection_list(office_id=office, from_="2024-10-01",
                                                to="2024-10-31")] == [insp2]
    with pytest.raises(commpolice.InvalidError) as info:
        db.inspection_list(office_id=office, from_="2024-10-31", to="2024-10-01")
    assert info.value.field == "to"

    v1 = db.visit_add(office, "2024-03-01", "household", officer_id=officer)
    v2 = db.visit_add(office, "2024-03-02", "other", officer_id=officer, summary="夜间巡逻")
    assert [v["id"] for v in db.visit_list(office_id=office, kind="household")] == [v1]
    v = next(db.visit_list(officer_id=officer, from_="2024-03-02"))
    assert (v["id"], v["kind"], v["summary"], v["on"]) == (v2, "other", "夜间巡逻", date(2024, 3, 2))

    r1 = db.request_add(office, "2024-02-05", "李阿姨", "路灯不亮", officer_id=officer)
    r2 = db.request_add(office, "2024-02-06", "王大爷", "广场舞噪音", in_scope=0,
                        referred_to="街道城管科")
    db.request_feedback(r1, "2024-02-07", "已修复")
    assert [r["id"] for r in db.request_list(office_id=office, unanswered=True)] == [r2]
    assert [r["in_scope"] for r in db.request_list(office_id=office)] == [True, False]
    assert [r["referred_to"] for r in db.request_list(office_id=office, in_scope=False)] == \
        ["街道城管科"]

    did = db.dispute_add(office, "2024-03-01", "王某、李某", "噪音", officer_id=officer)
    db.dispute_add(office, "2024-03-02", "赵某、钱某", "宅基地", officer_id=officer)
    db.dispute_resolve(did, "mediated", "2024-03-03", "达成协议")
    assert [(d["id"], d["outcome"]) for d in db.dispute_list(office_id=office, status="mediated")] \
        == [(did, "达成协议")]
    db.duty_record_add(rules, office, "case_notice", "2024-03-05", "三月第一周案情通报")
    recs = list(db.duty_record_list(office_id=office, obligation="case_notice"))
    assert [(r["held_on"], r["title"]) for r in recs] == [(date(2024, 3, 5), "三月第一周案情通报")]


def test_major_incident_owes_the_immediate_notice(world):
    db, rules, office, officer = world
    inc = db.incident_add(office, "2024-09-28", "criminal", "持刀入室抢劫", officer_id=officer,
                          major=1)
    plain = db.incident_add(office, "2024-09-28", "criminal", "入室盗窃", officer_id=officer)
    assert db.incident(inc)["major"] is True and db.incident(plain)["major"] is False
    # Due the day received (a Saturday: "at once" is not moved), two days late on the 30th.
    items = [i for i in db.owed_items(rules, office, "2024-09-30") if i["kind"] == "immediate"]
    assert [(i["subject_id"], i["due"], i["days_overdue"], i["what"]) for i in items] == \
        [(inc, date(2024, 9, 28), 2, "重大案情通报")]
    assert items[0]["rule"]["key"] == "obligations[major_case_notice].cadence"
    assert [i["id"] for i in db.incident_list(office_id=office, major=True)] == [inc]
    with pytest.raises(commpolice.InvalidError) as info:
        db.duty_record_add(rules, office, "case_notice", "2024-09-28", "案情通报", incident_id=inc)
    assert info.value.field == "incident_id"
    rid = db.duty_record_add(rules, office, "major_case_notice", "2024-09-28", "重大案情通报",
                             incident_id=inc)
    assert [r["id"] for r in db.duty_record_list(incident_id=inc)] == [rid]
    assert [i for i in db.owed_items(rules, office, "2024-09-30") if i["kind"] == "immediate"] == []
    db.incident_set_major(plain)
    assert [i["subject_id"] for i in db.owed_items(rules, office, "2024-09-30")
            if i["kind"] == "immediate"] == [plain]
    db.incident_set_major(plain, 0)
    assert db.incident(plain)["major"] is False
    with pytest.raises(commpolice.NotFoundError):
        db.incident_set_major(999)


def test_holiday_rule_keep_or_next_working_day(world):
    db, rules, office, officer = world
    keep = commpolice.Rules(RULES.replace(
        "calendar:\n", "calendar:\n  deadline_on_holiday: keep\n  period_end_on_holiday: keep\n"),
        "text")
    assert keep.calendar()["deadline_on_holiday"] == "keep"
    assert rules.calendar()["deadline_on_holiday"] == "next_working_day"
    db.incident_add(office, "2024-09-28", "criminal", "入室盗窃", officer_id=officer)

    def due(r):
        return [i["due"] for i in db.owed_items(r, office, "2024-10-01") if i["kind"] == "return_visit"]
    # 28 September + 3 days = 1 October, National Day: the 8th, or kept.
    assert due(rules) == [date(2024, 10, 8)]
    assert due(keep) == [date(2024, 10, 1)]


def test_information_items(world):
    db, rules, office, officer = world
    # Two in Q2 (one archived afterwards), one in Q1: Q2 counts 1, Q1 1.
    i1 = db.info_item_add(office, officer, "2024-04-03", "治安线索", "出租屋人员频繁更换")
    i2 = db.info_item_add(office, officer, "2024-05-20", "社情民意", "居民反映路灯不亮")
    i3 = db.info_item_add(office, officer, "2024-03-31", "治安线索", "夜间可疑车辆")
    assert isinstance(i1, int)
    got = list(db.info_item_list(office_id=office, from_="2024-04-01", to="2024-06-30"))
    assert [(r["id"], r["reported_on"], r["category"], r["summary"]) for r in got] == \
        [(i1, date(2024, 4, 3), "治安线索", "出租屋人员频繁更换"),
         (i2, date(2024, 5, 20), "社情民意", "居民反映路灯不亮")]
    assert [r["id"] for r in db.info_item_list(officer_id=officer, category="治安线索")] == [i1, i3]
    assert [r["id"] for r in db.info_item_list(office_id=office, page=1)] == [i1, i2, i3]
    db.info_item_archive(i2)
    assert [r["id"] for r in db.info_item_list(office_id=office)] == [i1, i3]
    with pytest.raises(commpolice.NotFoundError) as info:
        db.info_item_archive(i2)
    assert info.value.field == "item_id"
    with pytest.raises(commpolice.InvalidError) as info:
        db.info_item_add(office, officer, "2024-04-03", "", "x")
    assert info.value.field == "category"
    # The assessment's built-in metric counts the live records of the period.
    a = commpolice.Assessor(db, rules)
    m = a.metric("information_items", officer, "2024-Q2")
    assert (m["has_value"], m["value"], m["source"]) == (True, 1.0, "builtin")
    assert (m["record_table"], m["records"]) == ("information_item", [i1])
    assert a.metric("information_items", office, "2024-Q1", subject="office")["value"] == 1.0


def test_dates_may_be_datetime_date(world):
    # The same notice as test_overdue_notice_stays_until_closed, every date
    # given as a datetime.date (a datetime counts by its date): the same
    # deadline, 8 October (24 September + 1 week = 1 October, a holiday),
    # overdue by 2 days on the 10th.
    import datetime
    D = datetime.date
    db, rules, office, officer = world
    uid = db.unit_add(rules, office, "entertainment", "甲KTV", D(2024, 1, 10), officer_id=officer)
    insp = db.inspection_add(uid, D(2024, 9, 24), officer_id=officer)
    db.hazard_add(insp, "安全出口堵塞", fire=1)
    nid = db.notice_issue(rules, insp, datetime.datetime(2024, 9, 24, 16, 30))
    assert db.notice(nid)["deadline"] == date(2024, 10, 8)
    notice = [i for i in db.owed_items(rules, office, D(2024, 10, 10)) if i["kind"] == "notice"]
    assert notice[0]["days_overdue"] == 2
    assert [n["id"] for n in db.notice_list(office_id=office, state="overdue", on=D(2024, 10, 10))] == [nid]
    # The day before the deadline it is open, not overdue.
    assert list(db.notice_list(office_id=office, state="overdue", on=D(2024, 10, 8))) == []
    assert rules.next_due("month", D(2024, 2, 29)) == rules.next_due("month", "2024-02-29")
    # Anything else is refused by type, naming the argument.
    with pytest.raises(TypeError, match=r"argument 3: expected str, datetime.date or None, not int"):
        db.inspection_add(uid, 20240924)
