"""Organisations, addresses, persons, due lists, statistics and intake from Python."""
import pytest

import commpolice
from datetime import date


@pytest.fixture
def town(db):
    """A station with one office, one district covering 城东社区, an officer."""
    region = db.region_add("sanming")  # national's rules and office classes class1-3
    station = db.station_add(region, "城东派出所")
    office = db.office_add(station, "城东社区警务室", code="OF1", office_class="class1")
    district = db.district_add(office, "一区")
    community = db.community_add(station, "城东社区", area_prefix="南通市", code="C01")
    db.district_cover(district, community, "2020-01-01")
    officer = db.staff_add(office, "李明", "officer", "2020-01-01", badge="320601",
                           district_id=district, dedicated_community=True)
    return dict(office=office, district=district, community=community, officer=officer,
                station=station)


def test_idnum_worked_by_hand():
    # 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167;
    # 167 mod 11 = 2 -> 'X'.
    assert commpolice.idnum_check_char("11010519491231002") == "X"
    n = commpolice.idnum_parse("110105491231002")  # 15 digits, upgraded
    assert n["number"] == "11010519491231002X"
    assert n["birth_date"] == date(1949, 12, 31)
    assert n["sex"] == "female"
    with pytest.raises(commpolice.InvalidError) as info:
        commpolice.idnum_parse("11010519900230001X")  # February 30; check char right (156 mod 11 = 2)
    assert info.value.field == "id_number"
    assert info.value.column == 7
    assert "does not exist" in info.value.message


def test_staff_listing_for_the_duty_module(db, town):
    staff = db.staff_list(office_id=town["office"], on="2024-06-01")
    assert [(s["name"], s["badge"], s["kind"], s["dedicated_community"]) for s in staff] == \
        [("李明", "320601", "officer", 1)]
    aux = db.staff_add(town["office"], "赵协勤", "auxiliary", "2024-01-01")
    db.staff_end(aux, "2024-03-31", "离职")
    assert len(db.staff_list(office_id=town["office"], on="2024-06-01")) == 1
    assert len(db.staff_list(office_id=town["office"])) == 2  # history
    with pytest.raises(commpolice.InvalidError) as info:
        db.staff_add(town["office"], "王", "officer", "2024-01-01")
    assert info.value.field == "badge"


def test_office_codes_come_from_the_rules(db, town):
    with pytest.raises(commpolice.InvalidError) as info:
        db.office_add(town["station"], "凤岗社区警务室", office_class="class9")
    assert info.value.field == "office_class"
    assert "class1, class2, class3" in info.value.message
    with pytest.raises(commpolice.InvalidError) as info:
        db.office_set_class(town["office"], model="one_per_town")
    assert info.value.field == "model"
    db.office_set_class(town["office"], office_class="class2", model="one_plus_n")
    assert db.org_get("office", town["office"])["office_class"] == "class2"
    assert [(o["id"], o["office_class"], o["model"]) for o in db.org_list("office", town["station"])] == \
        [(town["office"], "class2", "one_plus_n")]
    assert [c["name"] for c in db.org_list("community")] == ["城东社区"]
    # Checked against other rules on request: national defines no office classes.
    with pytest.raises(commpolice.InvalidError) as info:
        db.office_add(town["station"], "凤岗社区警务室", office_class="class1", region="national")
    assert "define no office classes" in info.value.message


def test_address_tree_and_houses(db, town):
    room = db.address_ensure(town["community"], "解放路", "12", "2", "301")
    assert db.address_get(room)["full"] == "南通市城东社区解放路12号2单元301室"
    house = db.house_add(room, owner_name="周大海")
    rental = db.rental_register(house, "周大海", "2024-01-01", valid_to="2024-04-30")
    assert db.house_get(house)["status"] == "rented"
    assert db.rentals(house)[0]["valid_to"] == date(2024, 4, 30)
    db.rental_end(rental, "2024-05-31")
    assert db.house_get(house)["status"] == "vacant"
    with pytest.raises(commpolice.ExistsError):
        db.house_add(room)


def test_persons_history_due_and_stats(db, town):
    house = db.house_add(db.address_ensure(town["community"], "解放路", "12", room="301"))
    other = db.house_add(db.address_ensure(town["community"], "解放路", "14", room="101"))
    # 110105199003071239: sum 190, 190 mod 11 = 3 -> '9'; odd sequence: male.
    p = db.person_add("110105199003071239", "张伟", sex="male")
    with pytest.raises(commpolice.InvalidError) as info:
        db.person_add("320102198506150022", "周丽", sex="male")  # sequence 002 is even
    assert info.value.field == "sex"
    db.move_in(p, house, "temporary", "2024-01-01")
    db.move_in(p, other, "permanent", "2024-03-01")
    hist = db.residences(p)
    assert [(r["house_id"], r["valid_from"], r["valid_to"]) for r in hist] == \
        [(house, date(2024, 1, 1), date(2024, 2, 29)), (other, date(2024, 3, 1), None)]
    assert db.person_get(p)["office_id"] == town["office"]

    db.label_add(p, "key_person", "2024-01-15", "列管")
    db.contact_add("assessment", "2024-05-20", person_id=p, staff_id=town["officer"])
    items = db.owed_items(None, town["office"], "2024-06-10", horizon_days=30, kinds=["assessment"])
    assert len(items) == 1
    assert items[0]["due"] == date(2024, 6, 28)  # June 30 is a Sunday: the Friday before
    assert items[0]["provisional"] is False
    assert items[0]["person_id"] == p and items[0]["label"] == "key_person"
    assert items[0]["rule"]["key"] == "population.labels[key_person].assess"
    assert items[0]["rule"]["file"].endswith("national.yaml")

    s = db.stats(town["office"], "2024-06-01")
    assert s[0]["residents"] == 1 and s[0]["key_persons"] == 1 and s[0]["officers"] == 1
    assert s[0]["over"] == 0
    # One entry per residence type of the rules (national.yaml's four), in their order.
    assert [(t["code"], t["name"], t["count"]) for t in s[0]["by_type"]] == \
        [("permanent", "常住人口", 1), ("temporary", "暂住人口", 0), ("floating", "流动人口", 0),
         ("foreign", "境外人员", 0)]
    assert s[0]["other_type"] == 0

    db.person_transfer(p, 0, "2024-07-01", "迁出辖区")
    assert [m["office_id"] for m in db.management(p)] == [town["office"], 0]
    assert any(e["action"] == "update" for e in db.audit_entries("person", p))


def test_paging_and_queries(db, town):
    ids = []
    for i in range(1, 8):
        num = "110105199001%02d001" % i
        num += commpolice.idnum_check_char(num)
        h = db.house_add(db.address_ensure(town["community"], "和平街", str(i), room="101"))
        pid = db.person_add(num, "张%d" % i)
        db.move_in(pid, h, "permanent", "2024-01-01")
        ids.append(pid)
    assert [p["id"] for p in db.iter_persons(page=3, office_id=town["office"])] == ids
    assert db.person_count(name="张", name_prefix=True) == 7
    street = db.address_find(town["community"], 0, "和平街")
    assert db.person_count(address_id=street) == 7
    page = db.persons(office_id=town["office"], limit=2)
    assert len(page) == 2
    assert db.persons(office_id=town["office"], after_id=page[-1]["id"], limit=2)[0]["id"] == ids[2]


def test_import_reports_bad_rows(db, town, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("身份证号,姓名,社区,街路巷,门牌号,户室\n"
                    "110105199003071239,张伟,城东社区,解放路,1,101\n"
                    "110105199003071238,错,城东社区,解放路,1,102\n", encoding="gb18030")
    rep = db.import_file(str(path), "persons")
    assert rep["encoding"] == "gb18030"
    assert (rep["ok"], rep["bad"]) == (1, 1)
    probs = db.import_problems(rep["run_id"])
    assert probs[0]["line"] == 3 and probs[0]["column"] == 1 and probs[0]["field"] == "身份证号"
    assert "check character" in probs[0]["reason"]


def test_import_refuses_an_unknown_encoding(db, town, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("身份证号,姓名,社区,街路巷,门牌号,户室\n", encoding="utf-8")
    with pytest.raises(commpolice.InvalidError, match="unknown encoding 'utf_8'") as info:
        db.import_file(str(path), "persons", "utf_8")
    assert info.value.field == "encoding"
    rep = db.import_file(str(path), "persons", "UTF8")
    assert rep["encoding"] == "utf-8"


def test_import_never_merges_and_checks_dry(db, town, tmp_path):
    first = tmp_path / "1.csv"
    first.write_text("身份证号,姓名,社区,街路巷,门牌号,户室,居住起始日期\n"
                     "110105199003071239,吴丽,城东社区,解放路,1,101,2024-01-01\n", encoding="utf-8")
    assert db.import_file(str(first), "persons")["ok"] == 1
    second = tmp_path / "2.csv"
    second.write_text("身份证号,姓名,社区,街路巷,门牌号,户室,居住起始日期\n"
                      "110105199003071239,吴莉莉,城东社区,解放路,1,101,2024-01-01\n", encoding="utf-8")
    # A dry run tells the conflict and writes nothing.
    rep = db.import_file(str(second), "persons", check_only=True)
    assert (rep["check_only"], rep["run_id"], rep["ok"], rep["bad"]) == (1, 0, 0, 1)
    assert rep["encoding_source"] == "utf-8" and "valid UTF-8" in rep["encoding_note"]
    [p] = rep["problems"]
    assert (p["line"], p["column"], p["field"], p["level"]) == (2, 2, "姓名", "rejected")
    assert "is already 吴丽" in p["reason"] and "not merged" in p["reason"]
    # The update mode corrects the name and says how.
    rep = db.import_file(str(second), "persons", update=True)
    assert (rep["ok"], rep["bad"], rep["updated"]) == (1, 0, 1)
    [u] = db.import_problems(rep["run_id"])
    assert u["level"] == "updated" and u["reason"].endswith("姓名: 吴丽 → 吴莉莉")
