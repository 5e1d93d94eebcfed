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
  local items = cp.pop_due(db, office, "2024-06-10", 30, 2, nil) -- 1 << assessment
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

t.test("methods on the database", function()
  local db, office = town()
  if cp.population_methods(db) then
    t.eq(db:office_region(office), "national", "region")
  end
  db:close()
end)

t.run()
