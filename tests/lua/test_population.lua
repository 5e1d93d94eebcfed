-- Organisations, addresses, persons, due lists and intake from Lua.
local cp = require "commpolice"
local t = require "testlib"

local function town()
  local db = cp.Database(":memory:", "320601")
  local region = cp.pop_region_add(db, "national", nil)
  local station = cp.pop_station_add(db, region, "城东派出所", nil)
  local office = cp.pop_office_add(db, station, "城东社区警务室", nil, nil, nil, 0)
  local district = cp.pop_district_add(db, office, "一区", nil)
  local community = cp.pop_community_add(db, station, "urban", "城东社区", nil, nil)
  cp.pop_district_cover(db, district, community, "2020-01-01")
  return db, office, community
end

t.test("ID numbers worked by hand", function()
  -- 167 mod 11 = 2 -> 'X' (see test_population.c for the sum)
  t.eq(cp.pop_idnum_check_char("11010519491231002").check, "X", "check")
  local n = cp.pop_idnum_parse("440524188001010014", 3, nil) -- sum 195, mod 11 = 8 -> '4'
  t.eq(n.sex, "male", "sex")
  t.eq(n.birth_date, "1880-01-01", "birth")
  local err = t.raises("CPOL_EINVAL", function() cp.pop_idnum_parse("11010519900230001X", 3, nil) end)
  t.eq(err.field, "id_number", "field")
  t.eq(err.column, 7, "column")
end)

t.test("ids stay integers, records are tables", function()
  local db, office, community = town()
  t.eq(math.type(office), "integer", "office id")
  local room = cp.pop_address_ensure(db, community, "解放路", "12", "2", "301")
  t.eq(cp.pop_address_get(db, room).full, "城东社区解放路12号2单元301室", "full address")
  local house = cp.pop_house_add(db, room, nil, nil, nil, nil, nil, nil)
  local p = cp.pop_person_add(db, "110105199003071239", "张伟", 0, nil, nil, nil, nil, nil, nil, 0, nil, nil)
  cp.pop_move_in(db, p, house, "permanent", "2024-01-01", nil, 0, nil, nil, nil, nil, nil)
  local rec = cp.pop_person_get(db, p)
  t.eq(rec.name, "张伟", "name")
  t.eq(rec.office_id, office, "office from coverage")
  t.eq(rec.house_id, house, "house")
  cp.pop_label_add(db, p, "key_person", "2024-01-15", "列管", nil)
  local items = cp.owed_items(db:owed(nil, office, "2024-06-10", 0, 30, nil, cp.owed_kinds({ "assessment" })))
  t.eq(#items, 1, "due items")
  t.eq(items[1].rule.key, "population.labels[key_person].assess", "rule")
  local n = 0
  for q in cp.persons(db, { office_id = office }, 1) do n = n + 1 end
  t.eq(n, 1, "paged persons")
  t.raises("CPOL_EEXISTS", function()
    cp.pop_person_add(db, "110105199003071239", "张伟", 0, nil, nil, nil, nil, nil, nil, 0, nil, nil)
  end)
  db:close()
end)

t.test("options by name, trailing arguments left out", function()
  local P = cp.population
  local db = cp.Database(":memory:", "320601")
  local region = P.region_add(db, "sanming") -- national's rules, with office classes class1-3
  local station = P.station_add(db, region, "城东派出所")
  local office = P.office_add(db, station, "城东社区警务室", { office_class = "class1", model = "one_plus_n" })
  t.eq(P.org_get(db, "office", office).office_class, "class1", "class")
  local offices = P.org_list(db, "office", { parent_id = station })
  t.eq(#offices, 1, "offices of the station")
  t.eq(offices[1].model, "one_plus_n", "listed model")
  local err = t.raises("CPOL_EINVAL", function()
    P.office_add(db, station, "凤岗社区警务室", { office_class = "class9" })
  end)
  t.eq(err.field, "office_class", "a class the rules lack")
  t.eq(err.message:find("class1, class2, class3", 1, true) ~= nil, true, "valid codes listed")
  err = t.raises("CPOL_EINVAL", function() P.office_add(db, station, "x", { klass = "class1" }) end)
  t.eq(err.field, "klass", "unknown option named")
  -- The pop_* functions take trailing arguments as optional.
  local district = cp.pop_district_add(db, office, "一区")
  local community = P.community_add(db, station, "城东社区", { area_prefix = "三明市" })
  P.district_cover(db, district, community, "2020-01-01")
  local officer = P.staff_add(db, office, "李明", "officer", "2020-01-01",
                              { badge = "320601", district_id = district, dedicated_community = true })
  t.eq(P.staff_get(db, officer).dedicated_community, 1, "a flag from a boolean")
  local house = P.house_add(db, P.address_ensure(db, community, { street = "解放路", building = "12", room = "301" }))
  t.eq(P.house_get(db, house).address, "三明市城东社区解放路12号301室", "address")
  -- 110105199003071239: sum 190, mod 11 = 3 -> '9' (test_population.c); sequence 123 is odd: male.
  local pid = P.person_add(db, "110105199003071239", "张伟", { sex = "male" })
  P.move_in(db, pid, house, "temporary", "2024-01-01", { registered_on = "2024-01-05" })
  t.eq(P.person_get(db, pid).office_id, office, "office from the coverage")
  t.eq(P.person_count(db, { office_id = office }), 1, "count")
  t.eq(P.person_count(db, { name = "张", name_prefix = true }), 1, "count by surname")
  local s = P.stats(db, office, "2024-06-01")
  t.eq(#s[1].by_type, 4, "one entry per residence type of the rules")
  t.eq(s[1].by_type[2].code, "temporary", "rules' order")
  t.eq(s[1].by_type[2].count, 1, "temporary residents")
  t.eq(s[1].other_type, 0, "no other type")
  -- a household is owed a visit within the year: listed in the 30 days before
  local hh = cp.owed_kinds({ "household" })
  t.eq(#cp.owed_items(db:owed(nil, office, "2024-06-10", 0, 30, nil, hh)), 0, "not all year")
  local items = cp.owed_items(db:owed(nil, office, "2024-12-10", 0, 30, nil, hh))
  t.eq(#items, 1, "household never visited")
  t.eq(items[1].rule.key, "visits.household_cadence", "its rule")
  t.raises("CPOL_EINVAL", function() cp.owed_kinds({ "lunch" }) end)
  if cp.population_methods(db) then
    t.eq(db:person_get(pid).name, "张伟", "method")
    t.eq(db:office_region(office), "sanming", "method, required arguments only")
    local n = 0
    for p in db:persons({ office_id = office }) do n = n + 1 end
    t.eq(n, 1, "persons as an iterator method")
  end
  db:close()
end)

t.test("methods on the database", function()
  local db, office = town()
  if cp.population_methods(db) then
    t.eq(db:office_region(office), "national", "region")
  end
  db:close()
end)

t.test("intake never merges; a dry run writes nothing", function()
  local db = town()
  local dir = os.tmpname()
  local f = io.open(dir, "w")
  f:write("身份证号,姓名,社区,街路巷\n110105199003071239,吴丽,城东社区,解放路\n",
          "110105199003071239,吴莉莉,城东社区,解放路\n")
  f:close()
  local P = cp.population
  if P and P.import_file then
    local rep = P.import_file(db, dir, "persons", { check_only = 1 })
    t.eq(rep.check_only, 1, "dry run")
    t.eq(rep.ok, 1, "one would be imported")
    t.eq(rep.bad, 1, "one rejected")
    t.eq(rep.problems[1].line, 3, "the conflict's line")
    t.eq(rep.problems[1].level, "rejected", "level")
    t.eq(P.person_count(db, {}), 0, "nothing written")
  end
  os.remove(dir)
  db:close()
end)

t.run()
