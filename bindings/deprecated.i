/*
 * libcommpolice bindings — the names 0.2.0 replaced
 * (include/commpolice/deprecated.h) are never wrapped: the languages get the
 * new ones only (docs/api-conventions.md). build-aux/api-renames.sh leaves
 * this file alone.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
%ignore cpol_db_schema_version;
%ignore cpol_date_to_ymd;
%ignore cpol_org_get;
%ignore cpol_owed_get;
%ignore cpol_work_quotas;
%ignore cpol_address_iter_children;
%ignore cpol_address_iter_subtree;
%ignore cpol_staff_iter_office;
%ignore cpol_work_rates_get;
%ignore cpol_import_file;
%ignore cpol_work_rates_v0;
%ignore cpol_import_report_v0;
%ignore cpol_person_update;
%ignore cpol_person_archive;
%ignore cpol_org_archive;
%ignore cpol_audit_verify;
%ignore cpol_rules_calendar_day;
%ignore cpol_rules_score_item;
%ignore cpol_assessor_metric;
%ignore cpol_audit_summary_v0;
%ignore cpol_calendar_day_v0;
%ignore cpol_item_score_v0;
