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

# --- second pass (0.2.0): updates and archives in one shape, versioned
# output structs, getter nouns.

# Updates take a versioned change struct (rule 7): the positional
# cpol_person_update(db, id, name, phone, hukou, hukou_address_id) becomes
# cpol_person_details_update(db, id, &change), the same values in a
# compound literal. Arguments with parentheses are left to the compiler.
s/\bcpol_person_update\(([^,()]+), *([^,()]+), *([^,()]+), *([^,()]+), *([^,()]+), *([^,()]+)\)/cpol_person_details_update(\1, \2, \&(cpol_person_details_change){ CPOL_PERSON_DETAILS_CHANGE_VERSION, \3, \4, \5, \6 })/g
s/\bcpol_person_update\b([^(]|\(\)|$)/cpol_person_details_update\1/g
# Archives are cpol_X_archive(db, id); a leaving with a day is its own verb.
s/\bcpol_person_archive\b/cpol_person_end/g
#   cpol_org_archive(db, CPOL_ORG_OFFICE, id, on) -> cpol_org_unit_archive(db, CPOL_ORG_OFFICE, id)
#   (staff: cpol_staff_end(db, id, on, reason), then cpol_staff_archive(db, id), by hand)
s/\bcpol_org_archive\(([^,()]+), *(CPOL_ORG_(REGION|STATION|OFFICE|DISTRICT|COMMUNITY)), *(([^,()]|\([^()]*\))+), *(([^,()]|\([^()]*\))+)\)/cpol_org_unit_archive(\1, \2, \4)/g
s/\bcpol_org_archive\b([^(]|\(\)|$)/cpol_org_unit_archive\1/g

# Output structs the caller allocates carry a version (rule 6): the
# functions that fill them have new names, the old ones fill the 0.1.0
# layouts (cpol_audit_summary_v0, cpol_calendar_day_v0, cpol_item_score_v0).
# Locals declared alone on their line start initialised, at any indent (a
# doc's code block starts at column 0).
s/\bcpol_audit_verify\b/cpol_audit_trail_verify/g
s/\bcpol_rules_calendar_day\b/cpol_calendar_day_get/g
s/\bcpol_rules_score_item\b/cpol_item_score_compute/g
s/^([ \t]*)cpol_audit_summary ([a-z_][a-z_0-9]*);$/\1cpol_audit_summary \2 = CPOL_AUDIT_SUMMARY_INIT;/
s/^([ \t]*)cpol_calendar_day ([a-z_][a-z_0-9]*);$/\1cpol_calendar_day \2 = CPOL_CALENDAR_DAY_INIT;/
s/^([ \t]*)cpol_item_score ([a-z_][a-z_0-9]*);$/\1cpol_item_score \2 = CPOL_ITEM_SCORE_INIT;/

# Getters are named after what they return (rule 2).
s/\bcpol_assessor_metric\b/cpol_metric_value_get/g
