# build-aux/api-renames.sed — the API renames of issue #18 ("a regular API"),
# as one re-runnable sed -E script. Every rename of the 0.2.0 pass lives
# here, so that code written against the old names (a branch merged later,
# a vendor's tree) is brought over by running build-aux/api-renames.sh again;
# it is idempotent: no new name matches an old one. The old names stay
# exported as deprecated aliases (include/commpolice/deprecated.h,
# lib/deprecated.c) for one release; docs/api-conventions.md has the rules.
#
# Word-bounded: \b on both sides, so cpol_org_get does not touch
# cpol_org_get_foo. Argument reorders match arguments with at most one
# level of parentheses and no commas inside; a call they miss keeps the old
# name and fails to compile under CPOL_DEPRECATE_HARD (the library and the
# tests define it), so nothing is missed silently: the plain-name rules
# after them only rename mentions that are not calls ("f()" in prose).

# Getters are named after what they return, the noun their _free() takes.
s/\bcpol_org_get\b/cpol_org_unit_get/g
s/\bcpol_owed_get\b/cpol_owed_list_get/g
s/\bcpol_work_quotas\b/cpol_quota_list_get/g

# Iterator constructors end in _iter_new.
s/\bcpol_address_iter_children\b/cpol_address_children_iter_new/g
s/\bcpol_address_iter_subtree\b/cpol_address_subtree_iter_new/g
s/\bcpol_staff_iter_office\b/cpol_staff_office_iter_new/g

# Output parameters come first.
#   cpol_db_schema_version(db, &v)        -> cpol_db_schema_current(&v, db)
s/\bcpol_db_schema_version\(( *([^,()]|\([^()]*\))+), *(([^,()]|\([^()]*\))+)\)/cpol_db_schema_current(\3, \1)/g
s/\bcpol_db_schema_version\b([^(]|\(\)|$)/cpol_db_schema_current\1/g
#   cpol_date_to_ymd(d, &y, &m, &dd)      -> cpol_date_split(&y, &m, &dd, d)
s/\bcpol_date_to_ymd\(( *([^,()]|\([^()]*\))+), *(([^,()]|\([^()]*\))+), *(([^,()]|\([^()]*\))+), *(([^,()]|\([^()]*\))+)\)/cpol_date_split(\3, \5, \7, \1)/g
s/\bcpol_date_to_ymd\b([^(]|\(\)|$)/cpol_date_split\1/g

# Output structs the caller allocates carry a version (CPOL_X_INIT or
# cpol_x_init()); the functions that fill them got new names so that
# binaries built against 0.1.0 keep the old layout through the old symbol.
s/\bcpol_work_rates_get\b/cpol_work_rates_measure/g
s/\bcpol_import_file\b/cpol_import_run/g
# A local variable of these types, declared alone on its line, starts
# initialised. (A struct member may not have an initialiser: give it a
# comment on its line, as lib/import.c and bindings/work.i do.)
s/^([ \t]+)cpol_import_report ([a-z_][a-z_0-9]*);$/\1cpol_import_report \2 = CPOL_IMPORT_REPORT_INIT;/
s/^([ \t]+)cpol_work_rates ([a-z_][a-z_0-9]*);$/\1cpol_work_rates \2 = CPOL_WORK_RATES_INIT;/

# What the library allocates, the library frees.
s/(free it|freed|free|Free it|Free) with free\(\)/\1 with cpol_free()/g
