"""Patrols, publicity events, contact cards and 失控 states from Python (the same
cases as tests/unit/test_patrol.c, worked out by hand there)."""
import pytest

import commpolice
from datetime import date

RULES = """\
region: pypatrol
extends: national
visits:
  publicity_per_month: 2
population:
  residence_types: !extend
    - code: floating
      verify: month
"""


@pytest.fixture
def town(db):
    rules = commpolice.Rules(RULES, "text")
    region = db.region_add("national")
    station = db.station_add(region, "城东派出所")
    office = db.office_add(station, "城东警务室")
    district = db.district_add(office, "一区")
    community = db.community_add(station, "城东社区")
    db.district_cover(district, community, "2020-01-01")
    a = db.staff_add(office, "王建国", "officer", "2020-01-01", badge="012345")
    x = db.staff_add(office, "张协勤", "auxiliary", "2020-01-01")
    y = db.staff_add(office, "刘协勤", "auxiliary", "2020-01-01")
    h1 = db.house_add(db.address_ensure(community, "解放路", "1", room="101"))
    h2 = db.house_add(db.address_ensure(community, "解放路", "1", room="102"))
    return dict(db=db, rules=rules, office=office, a=a, x=x, y=y, h1=h1, h2=h2)


def test_a_patrol_across_midnight(town):
    db, office, a = town["db"], town["office"], town["a"]
    # 22:00-02:00 started on 2024-03-31: a night patrol of 03-31 (Q1), not of 04-01.
    pid = db.patrol_add(office, "2024-03-31", "22:00", "02:00", "解放路—人民广场", officer_id=a,
                        auxiliaries=[town["y"], town["x"]], volunteers=3)
    assert isinstance(pid, int)
    got = list(db.patrol_list(office_id=office))
    assert len(got) == 1
    p = got[0]
    assert (p["on"], p["start"], p["end"], p["night"], p["volunteers"]) == \
        (date(2024, 3, 31), "22:00", "02:00", True, 3)
    assert p["auxiliaries"] == sorted([town["x"], town["y"]])
    assert list(db.patrol_list(office_id=office, from_="2024-04-01")) == []
    assert [r["id"] for r in db.patrol_list(officer_id=a, night=True)] == [pid]
    assert list(db.patrol_list(officer_id=a, night=False)) == []
    asr = commpolice.Assessor(db, town["rules"])
    assert asr.metric("patrols", a, "2024-Q1")["value"] == 1.0
    assert asr.metric("night_patrols", a, "2024-Q1")["value"] == 1.0
    assert asr.metric("patrols", a, "2024-Q2")["value"] == 0.0
    db.patrol_archive(pid)
    assert list(db.patrol_list(office_id=office)) == []
    with pytest.raises(commpolice.NotFoundError) as info:
        db.patrol_archive(pid)
    assert info.value.field == "patrol_id"
    with pytest.raises(commpolice.InvalidError) as info:
        db.patrol_add(office, "2024-04-01", "10:00", "10:00", "城东", officer_id=a)
    assert info.value.field == "end_minute"
    with pytest.raises(commpolice.InvalidError):
        db.patrol_add(office, "2024-04-01", "25:00", "10:00", "城东")


def test_quotas_by_week_and_month(town):
    db, office, a = town["db"], town["office"], town["a"]
    # Night patrols on Monday 04-01 and Sunday 04-07 (the ISO week's ends): 2 of 2.
    db.patrol_add(office, "2024-04-01", "22:00", "02:00", "城东", officer_id=a)
    db.patrol_add(office, "2024-04-07", "21:00", "23:00", "城东", officer_id=a)
    db.publicity_add(office, "2024-04-30", "fire", "人民广场", officer_id=a, audience=80)
    q = db.quotas(town["rules"], office, "2024-04-03")
    assert [(x["kind"], x["from"], x["to"], x["done"], x["target"], x["short_by"]) for x in q] == [
        ("night_patrols", date(2024, 4, 1), date(2024, 4, 7), 2, 2, 0),
        ("publicity", date(2024, 4, 1), date(2024, 4, 30), 1, 2, 1)]
    assert (q[1]["rule"]["key"], q[1]["rule"]["line"], q[1]["rule"]["region"]) == \
        ("visits.publicity_per_month", 4, "pypatrol")
    assert q[0]["rule"]["region"] == "national"
    q = db.quotas("national", office, "2024-04-08", officer_id=a)
    assert [(x["kind"], x["done"], x["short_by"]) for x in q] == [("night_patrols", 0, 2)]


def test_publicity_topics(town):
    db, office, a = town["db"], town["office"], town["a"]
    e = db.publicity_add(office, "2024-04-12", "poison", "第一中学", officer_id=a, audience=300,
                         summary="禁毒宣传")
    db.publicity_add(office, "2024-04-13", "fire", "人民广场")
    got = list(db.publicity_list(office_id=office, topic="poison"))
    assert [(r["id"], r["topic"], r["place"], r["audience"], r["summary"]) for r in got] == \
        [(e, "poison", "第一中学", 300, "禁毒宣传")]
    with pytest.raises(commpolice.InvalidError) as info:
        db.publicity_add(office, "2024-04-12", "flood", "河边")
    assert info.value.field == "topic"


def test_cards_and_households_without_one(town):
    db, office, rules = town["db"], town["office"], town["rules"]
    p = db.person_add("110105199003071239", "张伟", office_id=office)
    db.move_in(p, town["h1"], "permanent", "2024-01-01")
    assert [(u["house_id"], u["residents"], u["since"]) for u in
            db.uncarded(rules, office, "2024-01-15")] == [(town["h1"], 1, date(2024, 1, 1))]
    assert db.uncarded(rules, office, "2024-01-15")[0]["rule"]["key"] == "visits.contact_card"
    c1 = db.contact_card_add(office, town["h1"], "2024-02-01", number="001")
    c2 = db.contact_card_add(office, town["h1"], "2024-06-01", number="002")
    assert db.uncarded(rules, office, "2024-02-01") == []
    assert db.house_contact_card(town["h1"], "2024-01-31") == 0
    assert db.house_contact_card(town["h1"], "2024-05-31") == c1
    assert db.house_contact_card(town["h1"], "2024-06-01") == c2
    assert [r["number"] for r in db.contact_card_list(house_id=town["h1"])] == ["001", "002"]
    db.contact_card_archive(c2)
    assert db.house_contact_card(town["h1"], "2024-06-01") == c1


def test_lost_and_records_owed_a_check(town):
    db, office, rules = town["db"], town["office"], town["rules"]
    p = db.person_add("110105199003071239", "刘强", office_id=office)
    db.move_in(p, town["h2"], "floating", "2024-03-15")
    # monthly check from 03-15: owed by March's last working day, Friday 03-29
    got = db.unverified(rules, office, "2024-03-20", horizon_days=9)
    assert [(u["person_id"], u["type"], u["last_checked"], u["due"]) for u in got] == \
        [(p, "floating", None, date(2024, 3, 29))]
    assert db.unverified(rules, office, "2024-03-20") == []
    lost = db.lost_add(p, "2024-05-10", "visit", officer_id=town["a"], note="入户未见")
    assert [(r["person_id"], r["from"]) for r in db.lost_list(office_id=office, on="2024-05-20")] \
        == [(p, date(2024, 5, 10))]
    assert db.unverified(rules, office, "2024-05-20") == []
    db.lost_end(lost, "2024-05-20", "located")
    assert list(db.lost_list(office_id=office, on="2024-05-20")) == []
    r = list(db.lost_list(person_id=p))[0]
    assert (r["ended_on"], r["end_reason"], r["found_by"]) == (date(2024, 5, 20), "located", "visit")
    with pytest.raises(commpolice.ConstraintError):
        db.lost_end(lost, "2024-05-21", "located")
