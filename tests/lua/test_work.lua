-- Units and the office's work from Lua: ids stay integers, errors raise
-- tables naming the field, overdue items name their rule. Expected dates
-- are worked out by hand (see tests/unit/test_work.c).
local cp = require "commpolice"
local t = require "testlib"

local RULES = [[
region: luawork
places:
  types:
    - {code: entertainment, name: 娱乐服务场所, inspect: month}
  rectification_deadline: 1w
  escalate_after: 1w
visits:
  return_visit_within: 3d
  feedback_within: 1w
calendar:
  holidays:
    2024:
      - {from: 2024-10-01, to: 2024-10-07, name: 国庆节}
    2025:
      - {from: 2025-01-28, to: 2025-02-04, name: 春节}
]]

local function world()
  local db = cp.Database(":memory:", "tester")
  local rules = cp.Rules(RULES, "text")
  -- The org module's binding (bindings/org.i) makes the office and officer.
  local region = cp.pop_region_add(db, "national", nil)
  local station = cp.pop_station_add(db, region, "城东派出所", nil)
  local office = cp.pop_office_add(db, station, "城东警务室", nil, nil, nil, 0)
  local officer = cp.pop_staff_add(db, office, "王建国", "officer", "2023-01-01", "012345", 0, 0, nil)
  return db, rules, office, officer
end

local function find(items, kind)
  for _, it in ipairs(items) do
    if it.kind == kind then return it end
  end
end

t.test("units: ids are integers, status history", function()
  local db, rules, office, officer = world()
  local u = db:unit_add(rules, office, "entertainment", "金色年华KTV", "2024-01-10", officer)
  t.eq(math.type(u), "integer", "id type")
  local rec = db:unit_get(u)
  t.eq(rec.name, "金色年华KTV", "name")
  t.eq(rec:status_text(), "open", "status")
  t.eq(rec.status_since, "2024-01-10", "since")
  db:unit_set_status(u, "suspended", "2024-03-01", "停业整顿")
  local h = db:unit_history(u)
  t.eq(h:count(), 2, "periods")
  t.eq(h:valid_to(0), "2024-02-29", "leap day")
  local n = 0
  for x in cp.units_of(db, office) do n = n + 1; t.eq(x.id, u, "listed") end
  t.eq(n, 1, "listed units")
  db:close()
end)

t.test("unknown type raises a table naming the field", function()
  local db, rules, office = world()
  local err = t.raises("CPOL_EINVAL", function()
    db:unit_add(rules, office, "internet_cafe", "x", "2024-01-10")
  end)
  t.eq(err.field, "type", "field")
  db:close()
end)

t.test("overdue notice stays visible until closed", function()
  local db, rules, office, officer = world()
  local u = db:unit_add(rules, office, "entertainment", "甲KTV", "2024-01-10", officer)
  local insp = db:inspection_add(u, "2024-09-24", officer)
  db:hazard_add(insp, "安全出口堵塞", 1)
  local nid = db:notice_issue(rules, insp, "2024-09-24", nil, "清理", "城东警务室")
  local n = cp.notice_table(db:notice_get(nid))
  t.eq(n.number, "城东警务室〔2024〕第001号", "number")
  -- 24 September + 1 week = 1 October, National Day holiday: 8 October.
  t.eq(n.deadline, "2024-10-08", "deadline")
  local items = cp.owed_items(db:owed(rules, office, "2024-11-01"))
  local it = find(items, "notice")
  t.eq(it.days_overdue, 24, "overdue days")
  t.eq(it.rule.key, "places.rectification_deadline", "rule")
  t.eq(math.type(it.subject_id), "integer", "subject id")
  db:notice_close(nid, "2024-11-02", "penalised", "罚款")
  items = cp.owed_items(db:owed(rules, office, "2024-11-03"))
  t.eq(find(items, "notice"), nil, "closed notice gone")
  n = cp.notice_table(db:notice_get(nid))
  t.eq(n.closed_on, "2024-11-02", "closed")
  t.eq(n.result, "penalised", "result")
  t.eq(n.deadline, "2024-10-08", "deadline kept")
  assert(db:notice_render(nid):find("整改通知书"), "rendered")
  db:close()
end)

t.test("year end into the Spring Festival, and rates", function()
  local db, rules, office, officer = world()
  local u = db:unit_add(rules, office, "entertainment", "甲KTV", "2024-01-10", officer)
  db:inspection_add(u, "2024-12-15", officer)
  -- Owed in January 2025; 28-31 January are holidays: Monday 27 January.
  local it = find(cp.owed_items(db:owed(rules, office, "2025-01-20")), "inspection")
  t.eq(it.due, "2025-01-27", "due")
  t.eq(it.days_overdue, -7, "days ahead")
  local r = db:work_rates(rules, office, "2024-12-01", "2024-12-31")
  t.eq(r:due("inspections"), 1, "inspections due in December")
  t.eq(r:done("inspections"), 1, "done")
  t.eq(r:rule_key("feedback"), "visits.feedback_within", "rule")
  db:close()
end)

t.test("rates hold a reference to their rules", function()
  local db, _, office = world()
  -- notices_on_time's rule key is owned by the rules; the only other reference goes.
  local r = db:work_rates(cp.Rules(RULES, "text"), office, "2024-10-01", "2024-10-31")
  collectgarbage("collect")
  collectgarbage("collect")
  t.eq(r:rule_key("notices_on_time"), "places.rectification_deadline", "rule key")
  db:close()
end)

t.test("incident return visit", function()
  local db, rules, office, officer = world()
  local inc = db:incident_add(office, "2024-09-28", "criminal", "入室盗窃", officer)
  local it = find(cp.owed_items(db:owed(rules, office, "2024-10-09")), "return_visit")
  t.eq(it.due, "2024-10-08", "due")
  db:visit_add(office, "2024-10-09", "return_visit", officer, 0, 0, 0, 0, inc)
  t.eq(db:incident_get(inc).returned_on, "2024-10-09", "returned")
  t.eq(find(cp.owed_items(db:owed(rules, office, "2024-10-09")), "return_visit"), nil, "done")
  db:close()
end)

t.test("listings: iterator functions over pages of tables", function()
  local db, rules, office, officer = world()
  local u = db:unit_add(rules, office, "entertainment", "甲KTV", "2024-01-10", officer)
  local insp = db:inspection_add(u, "2024-09-24", officer)
  db:hazard_add(insp, "安全出口堵塞", 1)
  local n1 = db:notice_issue(rules, insp, "2024-09-24", nil, "清理", "城东警务室")
  local insp2 = db:inspection_add(u, "2024-10-09", officer, "fire")
  db:hazard_add(insp2, "疏散通道堵塞", 1)
  local n2 = db:notice_issue(rules, insp2, "2024-10-09", nil, nil, "城东警务室")
  db:notice_close(n2, "2024-10-12", "rectified")
  -- n1: 1 October + National Day = 8 October, overdue on the 10th.
  local got = {}
  for n in cp.notices(db, { office_id = office, state = "overdue", on = "2024-10-10" }) do
    got[#got + 1] = n
  end
  t.eq(#got, 1, "overdue notices")
  t.eq(got[1].id, n1, "overdue id")
  t.eq(math.type(got[1].id), "integer", "ids are integers")
  t.eq(got[1].number, "城东警务室〔2024〕第001号", "number")
  t.eq(got[1].deadline, "2024-10-08", "deadline")
  t.eq(got[1].deadline_rule.key, "places.rectification_deadline", "rule")
  local ids = {}
  for n in cp.notices(db, { office_id = office }, 1) do ids[#ids + 1] = n.id end
  t.eq(#ids, 2, "pages of one")
  t.eq(ids[2], n2, "second page")
  for n in cp.notices(db, { office_id = office, state = "closed" }) do t.eq(n.result, "rectified", "closed") end
  local err = t.raises("CPOL_EINVAL", function() cp.notices(db, { state = "overdue" }) end)
  t.eq(err.field, "on", "overdue needs on")

  local kinds = {}
  for i in cp.inspections(db, { unit_id = u }) do kinds[#kinds + 1] = i.kind end
  t.eq(table.concat(kinds, ","), "routine,fire", "inspection kinds")
  for i in cp.inspections(db, { office_id = office, kind = "routine" }) do
    t.eq(i.hazards[1].description, "安全出口堵塞", "hazard on the record")
    t.eq(i.hazards[1].notice_id, n1, "its notice")
  end

  local v = db:visit_add(office, "2024-03-01", "household", officer)
  local n = 0
  for x in cp.visits(db, { office_id = office, kind = "household", from = "2024-03-01", to = "2024-03-31" }) do
    n = n + 1
    t.eq(x.id, v, "visit")
    t.eq(x.on, "2024-03-01", "visit day")
  end
  t.eq(n, 1, "visits")
  local r = db:request_add(office, "2024-02-05", "李阿姨", "路灯不亮", 0, "街道城管科", officer)
  n = 0
  for x in cp.requests(db, { office_id = office, unanswered = true, in_scope = false }) do
    n = n + 1
    t.eq(x.id, r, "request")
    t.eq(x.in_scope, 0, "referred")
  end
  t.eq(n, 1, "requests")
  local d = db:dispute_add(office, "2024-03-01", "王某、李某", "噪音", officer)
  for x in cp.disputes(db, { office_id = office, status = "open" }) do t.eq(x.id, d, "dispute") end
  db:close()
end)

t.test("information items: add, list, archive, counted by the assessment", function()
  local db, rules, office, officer = world()
  local i1 = db:info_item_add(office, officer, "2024-04-03", "治安线索", "出租屋人员频繁更换")
  local i2 = db:info_item_add(office, officer, "2024-05-20", "社情民意", "居民反映路灯不亮")
  t.eq(math.type(i1), "integer", "id is an integer")
  local ids = {}
  for r in cp.info_items(db, { office_id = office, category = "社情民意" }) do
    ids[#ids + 1] = r.id
    t.eq(r.reported_on, "2024-05-20", "reported_on")
    t.eq(r.summary, "居民反映路灯不亮", "summary")
  end
  t.eq(#ids, 1, "one of that category")
  t.eq(ids[1], i2, "the second")
  db:info_item_archive(i2)
  local n = 0
  for _ in cp.info_items(db, { officer_id = officer }, 1) do n = n + 1 end
  t.eq(n, 1, "archived not listed")
  local e = t.raises("CPOL_ENOTFOUND", function() db:info_item_archive(i2) end)
  t.eq(e.field, "item_id", "field")
  local a = cp.Assessor(db, rules)
  t.eq(cp.assess_metric(a, "information_items", officer, "2024-Q2").value, 1.0, "counted")
  db:close()
end)

t.test("a major incident owes the immediate notice until it is recorded", function()
  local db, rules, office, officer = world()
  local inc = db:incident_add(office, "2024-09-28", "criminal", "持刀入室抢劫", officer, nil, nil, 0, 1)
  t.eq(db:incident_get(inc).major, 1, "major")
  -- At once: due Saturday 28 September itself, two days late on the 30th.
  local it = find(cp.owed_items(db:owed(rules, office, "2024-09-30")), "immediate")
  t.eq(it.subject_id, inc, "subject")
  t.eq(it.due, "2024-09-28", "due")
  t.eq(it.days_overdue, 2, "late")
  t.eq(it.what, "重大案情通报", "what")
  t.eq(it.rule.key, "obligations[major_case_notice].cadence", "rule")
  t.eq(it.rule.region, "national", "national rule")
  local n = 0
  for x in cp.incidents(db, { office_id = office, major = true }) do n = n + 1; t.eq(x.id, inc, "major listed") end
  t.eq(n, 1, "major incidents")
  local rid = db:duty_record_add(rules, office, "major_case_notice", "2024-09-28", "重大案情通报",
                                 officer, nil, nil, inc)
  for x in cp.duty_records(db, { incident_id = inc }) do t.eq(x.id, rid, "record listed") end
  t.eq(find(cp.owed_items(db:owed(rules, office, "2024-09-30")), "immediate"), nil, "fulfilled")
  db:incident_set_major(inc, 0)
  t.eq(db:incident_get(inc).major, 0, "unmarked")
  db:close()
end)

-- Dates are "YYYY-MM-DD" strings everywhere a cpol_date crosses (docs/bindings.md
-- "Dates"), nil for none: a dispute received on the leap day 2024-02-29 reads
-- back so in the raw record, the listing and the owed list; "1d" after
-- 2024-12-31 is 2025-01-01; 2024-Q4 starts 2024-10-01 and ends 2024-12-31.
t.test("dates are YYYY-MM-DD strings, nil for none", function()
  local db, rules, office, officer = world()
  local d = db:dispute_add(office, "2024-02-29", "王某、李某", "噪音", officer)
  local raw = db:dispute_get(d)
  t.eq(raw.received_on, "2024-02-29", "raw field")
  t.eq(raw.resolved_on, nil, "unset date")
  for x in cp.disputes(db, { office_id = office }) do t.eq(x.received_on, "2024-02-29", "listed") end
  t.raises("CPOL_EINVAL", function() db:dispute_add(office, "2023-02-29", "王某", "噪音", officer) end)
  t.eq(cp.rules_duration_add("1d", "2024-12-31"), "2025-01-01", "year end")
  t.eq(cp.assess_period_start("2024-Q4"), "2024-10-01", "quarter start")
  t.eq(cp.assess_period_end("2024-Q4"), "2024-12-31", "quarter end")
  local first, last = cp.rules_cadence_period("month", "2024-02-29")
  t.eq(first .. ".." .. last, "2024-02-01..2024-02-29", "leap February")
  db:close()
end)

-- The records are the headers' structs (bindings/commpolice.i, "the headers"):
-- an enum field reads as an integer code, its word from the C function
-- (units.h: CPOL_UNIT_OPEN = 1, SUSPENDED 2, CLOSED 3).
t.test("header records: enum codes are integers, words from C", function()
  local db, rules, office, officer = world()
  local u = db:unit_get(db:unit_add(rules, office, "entertainment", "甲KTV", "2024-01-10", officer))
  t.eq(math.type(u.status), "integer", "enum field")
  t.eq(cp.unit_status_name(u.status), "open", "word")
  t.eq(cp.unit_status_name(2), "suspended", "suspended")
  t.eq(cp.prevention_kind_name(10), "other", "last prevention kind")
  db:close()
end)

t.run()
