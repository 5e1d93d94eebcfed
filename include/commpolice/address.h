/*
 * libcommpolice — the standard address tree and the houses on it.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_ADDRESS_H
#define COMMPOLICE_ADDRESS_H

#include "common.h"
#include "date.h"
#include "db.h"

/**
 * @file commpolice/address.h
 * @brief 一标: the standard address tree; 实有房屋: houses, owners, rentals.
 *
 * Under each community or village (cpol_community_add() in org.h) the
 * addresses form a tree of four levels: street or lane (街路巷), building or
 * door number (门牌 / 楼栋), unit (单元), room (户室). A level may be skipped
 * (a village house is a door number on a lane with no unit or room) but a
 * child's level is always below its parent's. Sibling names are unique.
 *
 * The full address is formatted from the tree: the community's area prefix,
 * the community, then each level's name; a name that is a bare number gets
 * its level's suffix (building "12" → "12号", unit "2" → "2单元", room "301"
 * → "301室"), so "解放路", "12", "2", "301" under 城东社区 reads
 * "城东社区解放路12号2单元301室".
 *
 * A **house** (实有房屋) stands on one address (usually a room, or a door
 * number for a detached house) and has a use, an owner and a rental status.
 * A let house has **rental registrations** (出租房屋登记) with a landlord, a
 * registration number and a validity; its tenants are the persons whose
 * residence at the house names the rental (population.h).
 *
 * Nothing is deleted: archived records keep their history; every write is
 * in the audit trail. Threading as in db.h.
 */

/** Levels of the address tree, top to bottom. */
typedef enum {
	CPOL_ADDR_STREET = 1,   /**< 街路巷 (street, lane; 组 in a village) */
	CPOL_ADDR_BUILDING = 2, /**< 门牌号 / 楼栋 (door number, building); suffix 号 */
	CPOL_ADDR_UNIT = 3,     /**< 单元 (stairway unit); suffix 单元 */
	CPOL_ADDR_ROOM = 4      /**< 户室 (flat, room); suffix 室 */
} cpol_address_level;

/** One node of the address tree. Plain data. */
typedef struct cpol_address {
	cpol_id id;               /**< the node's id */
	cpol_id community_id;     /**< the community or village it lies in */
	cpol_id parent_id;        /**< 0 for a node directly under the community */
	cpol_address_level level; /**< the node's level in the tree */
	const char *name;         /**< as entered, UTF-8 */
	const char *full;         /**< the full formatted address */
	const char *archived_at;  /**< NULL while live */
} cpol_address;

/**
 * A path down the tree, for cpol_address_ensure(). NULL or "" skips a level;
 * at least one level must be given.
 */
typedef struct cpol_address_path {
	unsigned int version;     /**< CPOL_ADDRESS_PATH_VERSION */
	const char *street;       /**< CPOL_ADDR_STREET name, UTF-8; NULL or "" skips */
	const char *building;     /**< CPOL_ADDR_BUILDING name, UTF-8; NULL or "" skips */
	const char *unit;         /**< CPOL_ADDR_UNIT name, UTF-8; NULL or "" skips */
	const char *room;         /**< CPOL_ADDR_ROOM name, UTF-8; NULL or "" skips */
} cpol_address_path;

/** The current version of cpol_address_path. */
#define CPOL_ADDRESS_PATH_VERSION 1
/** An empty path. */
#define CPOL_ADDRESS_PATH_INIT { CPOL_ADDRESS_PATH_VERSION, NULL, NULL, NULL, NULL }

/** Iterator over address nodes. Opaque. */
typedef struct cpol_address_iter cpol_address_iter;

/** What a house is used for. */
typedef enum {
	CPOL_HOUSE_RESIDENTIAL = 1, /**< 住宅 */
	CPOL_HOUSE_COMMERCIAL,      /**< 商铺 / 经营 */
	CPOL_HOUSE_MIXED,           /**< 商住两用 */
	CPOL_HOUSE_DORMITORY,       /**< 集体宿舍 */
	CPOL_HOUSE_OTHER            /**< 其他 */
} cpol_house_use;

/** Who lives in a house. */
typedef enum {
	CPOL_HOUSE_SELF = 1,  /**< 自住: lived in by the owner */
	CPOL_HOUSE_RENTED,    /**< 出租: let, wholly or in part */
	CPOL_HOUSE_VACANT,    /**< 空置 */
	CPOL_HOUSE_LENT       /**< 借住 / 其他: lived in without rent */
} cpol_house_status;

/** A house to add. Initialise with CPOL_HOUSE_NEW_INIT. */
typedef struct cpol_house_new {
	unsigned int version;     /**< CPOL_HOUSE_NEW_VERSION */
	cpol_id address_id;       /**< required; one live house per address */
	cpol_house_use use;       /**< default CPOL_HOUSE_RESIDENTIAL */
	cpol_house_status status; /**< default CPOL_HOUSE_SELF */
	const char *owner_name;   /**< 房主 / 产权人, optional */
	const char *owner_id_number; /**< optional; stored as given */
	const char *owner_phone;  /**< optional */
	const char *note;         /**< optional */
} cpol_house_new;

/** The current version of cpol_house_new. */
#define CPOL_HOUSE_NEW_VERSION 1
/** Defaults: a residential house lived in by its owner. */
#define CPOL_HOUSE_NEW_INIT { CPOL_HOUSE_NEW_VERSION, 0, CPOL_HOUSE_RESIDENTIAL, CPOL_HOUSE_SELF, \
	NULL, NULL, NULL, NULL }

/** A house as read back. Plain data. */
typedef struct cpol_house {
	cpol_id id;               /**< the house's id */
	cpol_id address_id;       /**< the address node it stands on */
	cpol_id community_id;     /**< the community or village of that address */
	cpol_house_use use;       /**< what it is used for */
	cpol_house_status status; /**< who lives in it */
	const char *owner_name;   /**< 房主 / 产权人, UTF-8; NULL when not recorded */
	const char *owner_id_number; /**< as given; NULL when not recorded */
	const char *owner_phone;  /**< NULL when not recorded */
	const char *note;         /**< UTF-8; NULL when none */
	const char *address;      /**< the full formatted address */
	const char *archived_at;  /**< NULL while live */
} cpol_house;

/** A rental registration to record. Initialise with CPOL_RENTAL_NEW_INIT. */
typedef struct cpol_rental_new {
	unsigned int version;     /**< CPOL_RENTAL_NEW_VERSION */
	cpol_id house_id;         /**< required */
	const char *landlord_name;     /**< required (出租人) */
	const char *landlord_id_number;/**< optional */
	const char *landlord_phone;    /**< optional */
	const char *registration_no;   /**< 出租房屋登记编号, optional */
	cpol_date registered_on;  /**< required: day of registration */
	cpol_date valid_to;       /**< last day the registration is valid; CPOL_DATE_NONE: open-ended */
} cpol_rental_new;

/** The current version of cpol_rental_new. */
#define CPOL_RENTAL_NEW_VERSION 1
/** An empty rental registration. */
#define CPOL_RENTAL_NEW_INIT { CPOL_RENTAL_NEW_VERSION, 0, NULL, NULL, NULL, NULL, \
	CPOL_DATE_NONE, CPOL_DATE_NONE }

/** A rental registration as read back. Plain data. */
typedef struct cpol_rental {
	cpol_id id;               /**< the registration's id */
	cpol_id house_id;         /**< the house let */
	const char *landlord_name;     /**< 出租人, UTF-8 */
	const char *landlord_id_number;/**< NULL when not recorded */
	const char *landlord_phone;    /**< NULL when not recorded */
	const char *registration_no;   /**< 出租房屋登记编号; NULL when not recorded */
	cpol_date registered_on;  /**< day of registration */
	cpol_date valid_to;       /**< CPOL_DATE_NONE: open-ended */
	cpol_date ended_on;       /**< last day of the letting; CPOL_DATE_NONE while let */
	const char *archived_at;  /**< NULL while live */
} cpol_rental;

/** Iterator over rental registrations. Opaque. */
typedef struct cpol_rental_iter cpol_rental_iter;

CPOL_BEGIN_DECL

/* ------------------------------------------------------------ the tree */

/**
 * Add an address node.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param community_id a live community.
 * @param parent_id the parent node (in the same community), or 0 for a node
 *        directly under the community.
 * @param level below the parent's level.
 * @param name required; unique among the live children of the parent.
 * @return 0; CPOL_EINVAL (field "level" or "name"); CPOL_ENOTFOUND for the
 *         community or parent; CPOL_EEXISTS for a sibling of that name;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_address_add(cpol_id *out, cpol_db *db, cpol_id community_id,
                                 cpol_id parent_id, cpol_address_level level,
                                 const char *name);

/**
 * Find a live child by name.
 *
 * @param out receives its id (0 when not found).
 * @param db the handle.
 * @param community_id the community.
 * @param parent_id the parent node, or 0 for the community's top level.
 * @param name UTF-8, compared exactly; owned by the caller.
 * @return 0; CPOL_ENOTFOUND; CPOL_EDB; CPOL_EINVAL for a NULL or empty name.
 */
CPOL_EXTERN int cpol_address_find(cpol_id *out, cpol_db *db, cpol_id community_id,
                                  cpol_id parent_id, const char *name);

/**
 * Find a path down the tree, adding the nodes that are missing (the bulk
 * import's way in).
 *
 * @param out receives the id of the lowest node of the path.
 * @param db the handle.
 * @param community_id the community the path lies in.
 * @param path copied; the levels given, top to bottom.
 * @return 0; CPOL_EINVAL (no level given; field names the level);
 *         CPOL_ENOTFOUND for the community; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_address_ensure(cpol_id *out, cpol_db *db, cpol_id community_id,
                                    const cpol_address_path *path);

/**
 * Read a node with its full address.
 *
 * @param out receives a new record; free it with cpol_address_free().
 * @param db the handle.
 * @param id the node.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_address_get(cpol_address **out, cpol_db *db, cpol_id id);

/**
 * Free a record from cpol_address_get().
 *
 * @param address the record, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_address_free(cpol_address *address);

/**
 * Format the full address of a node.
 *
 * @param out receives a new string (UTF-8); free it with cpol_free().
 * @param db the handle.
 * @param id the node.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_address_format(char **out, cpol_db *db, cpol_id id);

/**
 * Rename a node (a street renamed by the city). The old name stays in the
 * audit trail.
 *
 * @param db the handle.
 * @param id the node.
 * @param name the new name, required; distinct from its siblings'. Copied.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_EEXISTS; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_address_rename(cpol_db *db, cpol_id id, const char *name);

/**
 * Archive a node. Refused while it has live children or a live house.
 *
 * @param db the handle.
 * @param id the node.
 * @return 0; CPOL_ENOTFOUND; CPOL_ECONSTRAINT; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_address_archive(cpol_db *db, cpol_id id);

/**
 * List the live children of a node, by id.
 *
 * @param out receives the iterator; free it with cpol_address_iter_free().
 * @param db the handle; must outlive the iterator.
 * @param community_id the community.
 * @param parent_id the node, or 0 for the community's top level.
 * @return 0; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_address_children_iter_new(cpol_address_iter **out, cpol_db *db,
                                               cpol_id community_id, cpol_id parent_id);

/**
 * List a node and every live node below it, in tree order (parents first).
 *
 * @param out as for cpol_address_children_iter_new().
 * @param db the handle; must outlive the iterator.
 * @param id the top node of the subtree (live).
 * @return as for cpol_address_children_iter_new(); CPOL_ENOTFOUND for the node.
 */
CPOL_EXTERN int cpol_address_subtree_iter_new(cpol_address_iter **out, cpol_db *db, cpol_id id);

/**
 * The next node. Its `full` field is formatted.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_address_iter_free().
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_address_iter_next(const cpol_address **out, cpol_address_iter *iter);

/**
 * Free an iterator.
 *
 * @param iter the iterator, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_address_iter_free(cpol_address_iter *iter);

/* --------------------------------------------------------------- houses */

/**
 * Initialise a cpol_house_new with CPOL_HOUSE_NEW_INIT.
 *
 * @param spec the structure to initialise.
 * @param version CPOL_HOUSE_NEW_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_house_new_init(cpol_house_new *spec, unsigned int version);

/**
 * Add a house on an address.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named); CPOL_ENOTFOUND for the address;
 *         CPOL_EEXISTS when the address has a live house; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_house_add(cpol_id *out, cpol_db *db, const cpol_house_new *spec);

/**
 * The live house on an address.
 *
 * @param out receives its id.
 * @param db the handle.
 * @param address_id the address node.
 * @return 0; CPOL_ENOTFOUND; CPOL_EDB.
 */
CPOL_EXTERN int cpol_house_find(cpol_id *out, cpol_db *db, cpol_id address_id);

/**
 * Read a house.
 *
 * @param out receives a new record; free it with cpol_house_free().
 * @param db the handle.
 * @param id the house.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_house_get(cpol_house **out, cpol_db *db, cpol_id id);

/**
 * Free a record from cpol_house_get().
 *
 * @param house the record, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_house_free(cpol_house *house);

/**
 * Change a house's use and status (0 keeps a value).
 *
 * @param db the handle.
 * @param id the house.
 * @param use the new use, or 0 to keep it.
 * @param status the new status, or 0 to keep it.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_house_set_status(cpol_db *db, cpol_id id, cpol_house_use use,
                                      cpol_house_status status);

/**
 * Change a house's owner (the previous owner stays in the audit trail).
 *
 * @param db the handle.
 * @param id the house.
 * @param name required; id_number and phone may be NULL.
 * @param id_number the owner's id number, stored as given; may be NULL.
 * @param phone the owner's phone; may be NULL.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_house_set_owner(cpol_db *db, cpol_id id, const char *name,
                                     const char *id_number, const char *phone);

/* -------------------------------------------------------------- rentals */

/**
 * Initialise a cpol_rental_new with CPOL_RENTAL_NEW_INIT.
 *
 * @param spec the structure to initialise.
 * @param version CPOL_RENTAL_NEW_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_rental_new_init(cpol_rental_new *spec, unsigned int version);

/**
 * Register a letting (出租房屋登记). The house's status becomes
 * CPOL_HOUSE_RENTED.
 *
 * @param out receives the registration's id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: landlord_name, registered_on,
 *         valid_to before registered_on); CPOL_ENOTFOUND for the house;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_rental_register(cpol_id *out, cpol_db *db, const cpol_rental_new *spec);

/**
 * Renew a registration: a new validity end (the old one stays in the audit
 * trail).
 *
 * @param db the handle.
 * @param rental_id the registration.
 * @param valid_to the new last day of validity; not before its registration.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_rental_renew(cpol_db *db, cpol_id rental_id, cpol_date valid_to);

/**
 * End a letting: `on` is its last day. When the house has no other open
 * letting its status becomes CPOL_HOUSE_VACANT.
 *
 * @param db the handle.
 * @param rental_id the letting's registration.
 * @param on the letting's last day.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND (or already ended); CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_rental_end(cpol_db *db, cpol_id rental_id, cpol_date on);

/**
 * Read a registration.
 *
 * @param out receives a new record; free it with cpol_rental_free().
 * @param db the handle.
 * @param rental_id the registration.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_rental_get(cpol_rental **out, cpol_db *db, cpol_id rental_id);

/**
 * Free a record from cpol_rental_get().
 *
 * @param rental the record, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_rental_free(cpol_rental *rental);

/**
 * List the registrations of a house, oldest first (ended ones included).
 *
 * @param out receives the iterator; free it with cpol_rental_iter_free().
 * @param db the handle; must outlive the iterator.
 * @param house_id the house; an unknown house gives an empty iteration.
 * @return 0; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_rental_iter_new(cpol_rental_iter **out, cpol_db *db, cpol_id house_id);

/**
 * The next registration.
 *
 * @param out receives a record owned by the iterator, valid until the next call.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER; CPOL_EDB.
 */
CPOL_EXTERN int cpol_rental_iter_next(const cpol_rental **out, cpol_rental_iter *iter);

/**
 * Free an iterator.
 *
 * @param iter the iterator, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_rental_iter_free(cpol_rental_iter *iter);

/* --------------------------------------------------- words of the enums */

/**
 * The word for a value of cpol_address_level ("street", "building", "unit",
 * "room"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_address_level_name(cpol_address_level value);

/**
 * A value of cpol_address_level from its word, as cpol_address_level_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "level") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_address_level_parse(cpol_address_level *out, const char *word);

/**
 * The word for a value of cpol_house_use ("residential", "commercial", "mixed",
 * "dormitory", "other"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_house_use_name(cpol_house_use value);

/**
 * A value of cpol_house_use from its word, as cpol_house_use_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "use") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_house_use_parse(cpol_house_use *out, const char *word);

/**
 * The word for a value of cpol_house_status ("self", "rented", "vacant",
 * "lent"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_house_status_name(cpol_house_status value);

/**
 * A value of cpol_house_status from its word, as cpol_house_status_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "status") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_house_status_parse(cpol_house_status *out, const char *word);

CPOL_END_DECL

#endif
