-- Patrols, publicity events, contact cards and 失控 states from Lua (the
-- cases of tests/unit/test_patrol.c, worked out by hand there): ids stay
-- integers, errors raise tables naming the field.
local cp = require "commpolice"
local t = require "testlib"

local RULES = [[
region: luapatrol
extends: national
visits:
  publicity_per_month: 2
]]

local function world()
  local db = cp.Database(":memory:", "tester")
  local rules = cp.Rules(RULES, "text")
  local region = cp.pop_region_add(db, "national", nil)
  local station = cp.pop_station_add(db, region, "城东派出所", nil)
  local office = cp.pop_office_add(db, station, "城东警务室", nil, nil, nil, 0)
  local district = cp.pop_district_add(db, office, "一区", nil)
  local community = cp.pop_community_add(db, station, "urban", "城东社区", nil, nil)
  cp.pop_district_cover(db, district, community, "2020-01-01")
  local officer = cp.pop_staff_add(db, office, "王建国", "officer", "2020-01-01", "012345", 0, 0, nil)
  local aux = cp.pop_staff_add(db, office, "张协勤", "auxiliary", "2020-01-01", nil, 0, 0, nil)
  local room = cp.pop_address_ensure(db, community, "解放路", "1", nil, "101")
  local house = cp.pop_house_add(db, room, nil, nil, nil, nil, nil, nil)
  return db, rules, office, officer, aux, house
end

t.test("a patrol across midnight is a night patrol of its first day", function()
  local db, rules, office, officer, aux = world()
  local id = db:patrol_add(office, "2024-03-31", "22:00", "02:00", "解放路", officer, cp.ids({ aux }), 2)
  t.eq(math.type(id), "integer", "id is an integer")
  local n = 0
  for p in cp.patrols(db, { office_id = office, night = true }) do
    n = n + 1
    t.eq(p.on, "2024-03-31", "on")
    t.eq(p.start, "22:00", "start")
    t.eq(p["end"], "02:00", "end")
    t.eq(p.auxiliaries[1], aux, "auxiliary")
    t.eq(p.volunteers, 2, "volunteers")
  end
  t.eq(n, 1, "one night patrol")
  for _ in cp.patrols(db, { office_id = office, from = "2024-04-01" }) do n = n + 1 end
  t.eq(n, 1, "not on 04-01")
  local a = cp.Assessor(db, rules)
  t.eq(cp.assess_metric(a, "night_patrols", officer, "2024-Q1").value, 1.0, "counted in Q1")
  db:patrol_archive(id)
  local e = t.raises("CPOL_ENOTFOUND", function() db:patrol_archive(id) end)
  t.eq(e.field, "patrol_id", "field")
  e = t.raises("CPOL_EINVAL", function() db:patrol_add(office, "2024-04-01", "10:00", "10:00", "城东") end)
  t.eq(e.field, "end_minute", "field")
  db:close()
end)

t.test("quotas: two night patrols a week, publicity a month", function()
  local db, rules, office, officer = world()
  db:patrol_add(office, "2024-04-01", "22:00", "23:00", "城东", officer)
  db:publicity_add(office, "2024-04-30", "traffic", "人民广场", officer, 50)
  local q = cp.work_quotas(db, rules, office, 0, "2024-04-03")
  t.eq(#q, 2, "two quotas")
  t.eq(q[1].kind, "night_patrols", "kind")
  t.eq(q[1].done, 1, "done")
  t.eq(q[1].short_by, 1, "short")
  t.eq(q[1].rule.key, "duty.night_patrols_per_week", "rule")
  t.eq(q[2].kind, "publicity", "kind")
  t.eq(q[2].from, "2024-04-01", "month from")
  t.eq(q[2].to, "2024-04-30", "month to")
  t.eq(q[2].short_by, 1, "short")
  t.eq(q[2].rule.line, 4, "rule line")
  local n = 0
  for e in cp.publicity(db, { office_id = office, topic = "traffic" }) do
    n = n + 1
    t.eq(e.audience, 50, "audience")
  end
  t.eq(n, 1, "listed")
  db:close()
end)

t.test("cards and 失控", function()
  local db, rules, office, officer, aux, house = world()
  local p = cp.pop_person_add(db, "110105199003071239", "张伟", office, nil, nil, nil, nil, nil, nil, 0, nil, nil)
  cp.pop_move_in(db, p, house, "floating", "2024-01-01", nil, 0, nil, nil, nil, nil, nil)
  t.eq(#cp.work_uncarded(db, rules, office, "2024-01-15"), 1, "one household without a card")
  local c = db:contact_card_add(office, house, "2024-02-01", officer, "001")
  t.eq(#cp.work_uncarded(db, rules, office, "2024-02-01"), 0, "carded")
  t.eq(db:house_contact_card(house, "2024-02-01"), c, "the card")
  local l = db:lost_add(p, "2024-05-10", "check")
  db:lost_end(l, "2024-05-20", "located", "已返回")
  local n = 0
  for r in cp.lost(db, { office_id = office, on = "2024-05-19" }) do
    n = n + 1
    t.eq(r.from, "2024-05-10", "since")
  end
  t.eq(n, 1, "lost on 05-19")
  for _ in cp.lost(db, { office_id = office, on = "2024-05-20" }) do n = n + 1 end
  t.eq(n, 1, "not lost on the day it ended")
  local e = t.raises("CPOL_EINVAL", function() db:lost_add(p, "2024-06-01", "rumour") end)
  t.eq(e.field, "found_by", "field")
  db:close()
end)

t.run()
