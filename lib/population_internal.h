/*
 * libcommpolice — population helpers shared with the import module and
 * population_due.c. Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_POPULATION_INTERNAL_H
#define CPOL_POPULATION_INTERNAL_H

#include "internal.h"

/*
 * Check a person spec and insert it; no transaction of its own. flags: the
 * ID-number policy; today: for the birth-date check. On a resident number
 * the spec's sex and birth date (when given) are cross-checked.
 */
int cpol__person_insert(cpol_db *db, const cpol_person_new *spec, unsigned int flags, cpol_date today,
                        cpol_id *out);

/* cpol__person_insert() without the write: 0 or CPOL_EINVAL naming the field. */
int cpol__person_check(const cpol_person_new *spec, unsigned int flags, cpol_date today);

/* Is type a residence-type code of the rules (or, with NULL rules, a built-in one)? */
int cpol__residence_type_ok(const cpol_rules *rules, const char *type);

/*
 * Check a move-in and open the residence; no transaction of its own.
 * rules may be NULL (type codes then checked against the built-in
 * permanent/temporary/floating/foreign). fresh: the person was just
 * inserted and has no open residence nor an office to look up; 2: that,
 * and the house is known to be live (the import has just found or made it).
 */
int cpol__residence_open(cpol_db *db, const cpol_rules *rules, const cpol_residence_new *spec, int fresh,
                         cpol_id *out);

/* Names of enum values as stored. */
const char *cpol__sex_name(cpol_sex sex);
int cpol__sex_parse(const char *text, cpol_sex *out);
const char *cpol__relation_name(cpol_relation rel);
int cpol__relation_parse(const char *text, cpol_relation *out);

#endif
