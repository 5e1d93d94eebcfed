/* The standard address tree, houses and rental registrations. */
#include "testutil.h"

static cpol_db *db;
static cpol_id community, village;

static int64_t fixed_clock(void *payload)
{
	return 1717200000; /* 2024-06-01 */
}

static cpol_date D(const char *iso)
{
	cpol_date d;
	ck_assert_ok(cpol_date_parse(&d, iso));
	return d;
}

static void setup(void)
{
	cpol_id region, station;

	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
	cpol_db_set_clock(db, fixed_clock, NULL);
	ck_assert_ok(cpol_region_add(&region, db, "national", NULL));
	ck_assert_ok(cpol_station_add(&station, db, region, "城东派出所", NULL));
	ck_assert_ok(cpol_community_add(&community, db, station, CPOL_COMMUNITY_URBAN, "城东社区",
	                                "南通市崇川区", NULL));
	ck_assert_ok(cpol_community_add(&village, db, station, CPOL_COMMUNITY_VILLAGE, "王庄村", NULL, NULL));
}

static void teardown(void)
{
	cpol_db_close(db);
}

START_TEST(tree_and_full_address)
{
	cpol_id street, bld, unit, room, found;
	cpol_address *a;
	char *full;

	ck_assert_ok(cpol_address_add(&street, db, community, 0, CPOL_ADDR_STREET, "解放路"));
	ck_assert_ok(cpol_address_add(&bld, db, community, street, CPOL_ADDR_BUILDING, "12"));
	ck_assert_ok(cpol_address_add(&unit, db, community, bld, CPOL_ADDR_UNIT, "2"));
	ck_assert_ok(cpol_address_add(&room, db, community, unit, CPOL_ADDR_ROOM, "301"));

	/* Bare numbers get their level's suffix; the community's prefix comes first. */
	ck_assert_ok(cpol_address_format(&full, db, room));
	ck_assert_str_eq(full, "南通市崇川区城东社区解放路12号2单元301室");
	free(full);
	ck_assert_ok(cpol_address_get(&a, db, bld));
	ck_assert_str_eq(a->full, "南通市崇川区城东社区解放路12号");
	ck_assert_int_eq(a->level, CPOL_ADDR_BUILDING);
	ck_assert_int_eq(a->parent_id, street);
	cpol_address_free(a);

	/* A name that is not a bare number is printed as entered. */
	ck_assert_ok(cpol_address_add(&bld, db, community, street, CPOL_ADDR_BUILDING, "14号楼"));
	ck_assert_ok(cpol_address_format(&full, db, bld));
	ck_assert_str_eq(full, "南通市崇川区城东社区解放路14号楼");
	free(full);

	/* Siblings are unique; levels go down; parents stay in their community. */
	ck_assert_fails(cpol_address_add(NULL, db, community, street, CPOL_ADDR_BUILDING, "12"), CPOL_EEXISTS);
	ck_assert_fails(cpol_address_add(NULL, db, community, room, CPOL_ADDR_UNIT, "1"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "level");
	ck_assert_fails(cpol_address_add(NULL, db, village, street, CPOL_ADDR_BUILDING, "1"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "parent_id");

	ck_assert_ok(cpol_address_find(&found, db, community, street, "12"));
	ck_assert_int_eq(found, street + 1);
	/* A village door number straight on a lane, no unit or room. */
	ck_assert_ok(cpol_address_add(&street, db, village, 0, CPOL_ADDR_STREET, "三组"));
	ck_assert_ok(cpol_address_add(&bld, db, village, street, CPOL_ADDR_BUILDING, "8"));
	ck_assert_ok(cpol_address_format(&full, db, bld));
	ck_assert_str_eq(full, "王庄村三组8号");
	free(full);
}
END_TEST

START_TEST(ensure_is_idempotent_and_subtree_lists_in_order)
{
	cpol_address_path p = CPOL_ADDRESS_PATH_INIT;
	cpol_id r1, r2, r3, street;
	cpol_address_iter *it;
	const cpol_address *a;
	int n = 0;

	p.street = "和平街";
	p.building = "3";
	p.unit = "1";
	p.room = "101";
	ck_assert_ok(cpol_address_ensure(&r1, db, community, &p));
	ck_assert_ok(cpol_address_ensure(&r2, db, community, &p));
	ck_assert_int_eq(r1, r2);
	p.room = "102";
	ck_assert_ok(cpol_address_ensure(&r3, db, community, &p));
	ck_assert_int_eq(r3, r1 + 1); /* only the room was new */
	p.street = p.building = p.unit = p.room = NULL;
	ck_assert_fails(cpol_address_ensure(&r3, db, community, &p), CPOL_EINVAL);

	ck_assert_ok(cpol_address_find(&street, db, community, 0, "和平街"));
	ck_assert_ok(cpol_address_subtree_iter_new(&it, db, street));
	while (cpol_address_iter_next(&a, it) == 0) {
		if (n == 0)
			ck_assert_str_eq(a->full, "南通市崇川区城东社区和平街");
		if (n == 4)
			ck_assert_str_eq(a->full, "南通市崇川区城东社区和平街3号1单元102室");
		n++;
	}
	cpol_address_iter_free(it);
	ck_assert_int_eq(n, 5); /* street, building, unit, two rooms */

	ck_assert_ok(cpol_address_children_iter_new(&it, db, community, 0));
	ck_assert_ok(cpol_address_iter_next(&a, it));
	ck_assert_str_eq(a->name, "和平街");
	ck_assert_int_eq(cpol_address_iter_next(&a, it), CPOL_ITEROVER);
	cpol_address_iter_free(it);

	/* Renaming keeps the old name in the audit trail; archiving waits for the children. */
	ck_assert_ok(cpol_address_rename(db, street, "和平路"));
	ck_assert_fails(cpol_address_archive(db, street), CPOL_ECONSTRAINT);
	ck_assert_ok(cpol_address_archive(db, r1));
}
END_TEST

/*
 * cpol_address_ensure() adds nodes without reading their parents back: the
 * level rule and the paths that subtree queries read must still hold.
 */
START_TEST(ensure_checks_levels_and_writes_paths)
{
	cpol_address_path p = CPOL_ADDRESS_PATH_INIT;
	cpol_id street, odd_room, room, bld, got;
	cpol_address_iter *it;
	const cpol_address *a;
	cpol_address *node;
	char *full;
	int n = 0;

	/* A room directly under a street (a level may be skipped)... */
	ck_assert_ok(cpol_address_add(&street, db, community, 0, CPOL_ADDR_STREET, "光明街"));
	ck_assert_ok(cpol_address_add(&odd_room, db, community, street, CPOL_ADDR_ROOM, "9"));
	/* ... is found as the "unit" of this path, and nothing may lie under a room. */
	p.street = "光明街";
	p.unit = "9";
	p.room = "1";
	ck_assert_fails(cpol_address_ensure(&got, db, community, &p), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "level");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "a room cannot lie under a room"));

	/* Skipping the unit: building 5 and room 502 are new, under the street found. */
	p.unit = NULL;
	p.building = "5";
	p.room = "502";
	ck_assert_ok(cpol_address_ensure(&room, db, community, &p));
	ck_assert_ok(cpol_address_find(&bld, db, community, street, "5"));
	ck_assert_ok(cpol_address_get(&node, db, room));
	ck_assert_int_eq(node->parent_id, bld);
	ck_assert_int_eq(node->level, CPOL_ADDR_ROOM);
	ck_assert_str_eq(node->full, "南通市崇川区城东社区光明街5号502室");
	cpol_address_free(node);

	/* The subtree of the building (one range of the path index) holds the new room. */
	ck_assert_ok(cpol_address_subtree_iter_new(&it, db, bld));
	while (cpol_address_iter_next(&a, it) == 0) {
		ck_assert_int_eq(a->id, n == 0 ? bld : room);
		n++;
	}
	cpol_address_iter_free(it);
	ck_assert_int_eq(n, 2);
	/* The street's holds all four, parents first. */
	n = 0;
	ck_assert_ok(cpol_address_subtree_iter_new(&it, db, street));
	while (cpol_address_iter_next(&a, it) == 0)
		n++;
	cpol_address_iter_free(it);
	ck_assert_int_eq(n, 4);

	/* A room under a new unit of the same building: the unit's path names street and building. */
	p.unit = "3";
	p.room = "301";
	ck_assert_ok(cpol_address_ensure(&room, db, community, &p));
	n = 0;
	ck_assert_ok(cpol_address_subtree_iter_new(&it, db, bld));
	while (cpol_address_iter_next(&a, it) == 0)
		n++;
	cpol_address_iter_free(it);
	ck_assert_int_eq(n, 4); /* building, room 502, unit 3, room 301 */
	ck_assert_ok(cpol_address_format(&full, db, room));
	ck_assert_str_eq(full, "南通市崇川区城东社区光明街5号3单元301室");
	free(full);
}
END_TEST

START_TEST(houses_and_rentals)
{
	cpol_address_path p = CPOL_ADDRESS_PATH_INIT;
	cpol_house_new h = CPOL_HOUSE_NEW_INIT;
	cpol_rental_new rn = CPOL_RENTAL_NEW_INIT;
	cpol_id room, house, rental, found;
	cpol_house *got;
	cpol_rental *r;
	cpol_rental_iter *it;
	const cpol_rental *rr;

	p.street = "解放路";
	p.building = "5";
	p.room = "201";
	ck_assert_ok(cpol_address_ensure(&room, db, community, &p));
	h.address_id = room;
	h.owner_name = "周大海";
	h.owner_id_number = "320102198506150022";
	ck_assert_ok(cpol_house_add(&house, db, &h));
	ck_assert_fails(cpol_house_add(NULL, db, &h), CPOL_EEXISTS);
	ck_assert_ok(cpol_house_find(&found, db, room));
	ck_assert_int_eq(found, house);

	rn.house_id = house;
	rn.landlord_name = "周大海";
	rn.registration_no = "CZ-2024-001";
	rn.registered_on = D("2024-01-10");
	rn.valid_to = D("2024-12-31");
	ck_assert_ok(cpol_rental_register(&rental, db, &rn));
	ck_assert_ok(cpol_house_get(&got, db, house));
	ck_assert_int_eq(got->status, CPOL_HOUSE_RENTED);
	ck_assert_int_eq(got->community_id, community);
	ck_assert_str_eq(got->address, "南通市崇川区城东社区解放路5号201室");
	ck_assert_str_eq(got->owner_name, "周大海");
	cpol_house_free(got);

	rn.valid_to = D("2023-12-31");
	ck_assert_fails(cpol_rental_register(NULL, db, &rn), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "valid_to");

	ck_assert_ok(cpol_rental_renew(db, rental, D("2025-12-31")));
	ck_assert_ok(cpol_rental_get(&r, db, rental));
	ck_assert_int_eq(r->valid_to, D("2025-12-31"));
	ck_assert_str_eq(r->registration_no, "CZ-2024-001");
	cpol_rental_free(r);

	ck_assert_ok(cpol_rental_end(db, rental, D("2024-05-31")));
	ck_assert_fails(cpol_rental_end(db, rental, D("2024-05-31")), CPOL_ENOTFOUND);
	ck_assert_ok(cpol_house_get(&got, db, house));
	ck_assert_int_eq(got->status, CPOL_HOUSE_VACANT);
	cpol_house_free(got);

	ck_assert_ok(cpol_rental_iter_new(&it, db, house));
	ck_assert_ok(cpol_rental_iter_next(&rr, it));
	ck_assert_int_eq(rr->ended_on, D("2024-05-31"));
	ck_assert_int_eq(cpol_rental_iter_next(&rr, it), CPOL_ITEROVER);
	cpol_rental_iter_free(it);

	ck_assert_ok(cpol_house_set_owner(db, house, "周小海", NULL, "13800000000"));
	ck_assert_ok(cpol_house_set_status(db, house, CPOL_HOUSE_MIXED, 0));
	ck_assert_ok(cpol_house_get(&got, db, house));
	ck_assert_int_eq(got->use, CPOL_HOUSE_MIXED);
	ck_assert_int_eq(got->status, CPOL_HOUSE_VACANT);
	ck_assert_str_eq(got->owner_name, "周小海");
	ck_assert_ptr_null(got->owner_id_number);
	cpol_house_free(got);
}
END_TEST

#include "test_address.list"

int main(void)
{
	return testutil_main_list("address", setup, teardown, testutil_tests());
}
