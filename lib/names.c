/*
 * libcommpolice — the words of the public enums: every enum has a _name()
 * and a _parse() (docs/api-conventions.md), made here from one table each.
 *
 * The words are the ones the library already writes where it has them (the
 * database's codes, the rules' YAML words, the CLI's JSON), so that a word
 * read back from any of them parses. Enums whose _name() lived in their
 * module before (audit findings, duty rules, notice results...) get their
 * _parse() here as the inverse of that _name(), over the enum's range.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "work_internal.h"

#include <stdio.h>
#include <string.h>

/* The word of one value (or one flag), or NULL. */
static const char *word_of(const cpol__names *n, int value)
{
	int i;

	if (!n->words)
		return value >= n->first && value <= n->last ? n->name(value) : NULL;
	if (n->flags) {
		for (i = 0; n->words[i]; i++)
			if (value == (int)(1u << i))
				return n->words[i];
		return NULL;
	}
	for (i = 0; n->words[i]; i++)
		if (value == n->first + i)
			return n->words[i];
	return NULL;
}

/* The value i-th in the table's order, for i from 0 while it has one. */
static int value_at(const cpol__names *n, int i, int *value)
{
	if (!n->words) {
		*value = n->first + i;
		return *value <= n->last;
	}
	if (!n->words[i])
		return 0;
	*value = n->flags ? (int)(1u << i) : n->first + i;
	return 1;
}

/* The public pair of an enum, over its table. */
#define CPOL__NAME_FN(prefix, type, names) \
	const char *prefix##_name(type value) \
	{ \
		return cpol__names_name(&names, (int)value); \
	}
#define CPOL__PARSE_FN(prefix, type, names) \
	int prefix##_parse(type *out, const char *word) \
	{ \
		int v = 0, rc = cpol__names_parse(&v, &names, word); \
		if (rc == 0 && out) \
			*out = (type)v; \
		return rc; \
	}

const char *cpol__names_name(const cpol__names *n, int value)
{
	const char *w = word_of(n, value);
	return w ? w : "unknown";
}

int cpol__names_parse(int *out, const cpol__names *n, const char *word)
{
	char list[512];
	size_t used = 0;
	const char *w;
	int i, v;

	for (i = 0; word && value_at(n, i, &v); i++)
		if ((w = word_of(n, v)) && strcmp(w, word) == 0) {
			*out = v;
			return 0;
		}
	list[0] = '\0';
	for (i = 0; value_at(n, i, &v); i++) {
		int k;
		if (!(w = word_of(n, v)))
			continue;
		k = snprintf(list + used, sizeof(list) - used, "%s%s", used ? ", " : "", w);
		if (k < 0 || (size_t)k >= sizeof(list) - used) {
			/* the list is only a hint: cut it where it no longer fits */
			memcpy(list + sizeof(list) - 4, "...", 4);
			break;
		}
		used += (size_t)k;
	}
	return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, n->field, "unknown %s '%s' (known: %s)",
	                          n->what, word ? word : "(null)", list);
}

static const char *const address_level_words[] = { "street", "building", "unit", "room", NULL };
static const cpol__names address_level_names = { "address level", "level", 1,
	0, address_level_words, NULL, 0 };
CPOL__NAME_FN(cpol_address_level, cpol_address_level, address_level_names)
CPOL__PARSE_FN(cpol_address_level, cpol_address_level, address_level_names)

static const char *const house_use_words[] = {
	"residential", "commercial", "mixed", "dormitory", "other", NULL };
static const cpol__names house_use_names = { "house use", "use", 1, 0, house_use_words, NULL, 0 };
CPOL__NAME_FN(cpol_house_use, cpol_house_use, house_use_names)
CPOL__PARSE_FN(cpol_house_use, cpol_house_use, house_use_names)

static const char *const house_status_words[] = { "self", "rented", "vacant", "lent", NULL };
static const cpol__names house_status_names = { "house status", "status", 1,
	0, house_status_words, NULL, 0 };
CPOL__NAME_FN(cpol_house_status, cpol_house_status, house_status_names)
CPOL__PARSE_FN(cpol_house_status, cpol_house_status, house_status_names)

static const char *const subject_kind_words[] = { "officer", "office", NULL };
static const cpol__names subject_kind_names = { "subject kind", "subject", 1,
	0, subject_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_subject_kind, cpol_subject_kind, subject_kind_names)
CPOL__PARSE_FN(cpol_subject_kind, cpol_subject_kind, subject_kind_names)

static const char *const metric_unit_words[] = {
	"count", "rate", "ratio", "per_10k", "number", NULL };
static const cpol__names metric_unit_names = { "metric unit", "unit", 1,
	0, metric_unit_words, NULL, 0 };
CPOL__NAME_FN(cpol_metric_unit, cpol_metric_unit, metric_unit_names)
CPOL__PARSE_FN(cpol_metric_unit, cpol_metric_unit, metric_unit_names)

static const char *const metric_source_words[] = {
	"builtin", "survey", "stored", "callback", "derived", NULL };
static const cpol__names metric_source_names = { "metric source", "source", 1,
	0, metric_source_words, NULL, 0 };
CPOL__NAME_FN(cpol_metric_source, cpol_metric_source, metric_source_names)
CPOL__PARSE_FN(cpol_metric_source, cpol_metric_source, metric_source_names)

static const char *const survey_kind_words[] = {
	"satisfaction", "familiarity", "visibility", NULL };
static const cpol__names survey_kind_names = { "survey kind", "kind", 1,
	0, survey_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_survey_kind, cpol_survey_kind, survey_kind_names)
CPOL__PARSE_FN(cpol_survey_kind, cpol_survey_kind, survey_kind_names)

static const char *const assess_line_kind_words[] = { "item", "difficulty", "bonus", "veto", NULL };
static const cpol__names assess_line_kind_names = { "assessment line kind", "kind", 1,
	0, assess_line_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_assess_line_kind, cpol_assess_line_kind, assess_line_kind_names)
CPOL__PARSE_FN(cpol_assess_line_kind, cpol_assess_line_kind, assess_line_kind_names)

static const char *const db_open_flag_words[] = { "create", "readonly", NULL };
static const cpol__names db_open_flag_names = { "open flag", "flags", 0,
	1, db_open_flag_words, NULL, 0 };
CPOL__NAME_FN(cpol_db_open_flag, cpol_db_open_flag, db_open_flag_names)
CPOL__PARSE_FN(cpol_db_open_flag, cpol_db_open_flag, db_open_flag_names)

static const char *const duty_shift_flag_words[] = {
	"in_district", "reception", "night", "cover", "patrol", "working_days", NULL };
static const cpol__names duty_shift_flag_names = { "shift flag", "flags", 0,
	1, duty_shift_flag_words, NULL, 0 };
CPOL__NAME_FN(cpol_duty_shift_flag, cpol_duty_shift_flag, duty_shift_flag_names)
CPOL__PARSE_FN(cpol_duty_shift_flag, cpol_duty_shift_flag, duty_shift_flag_names)

static const char *const duty_day_flag_words[] = {
	"working", "reception", "market", "holiday", "weekend", NULL };
static const cpol__names duty_day_flag_names = { "day flag", "flags", 0,
	1, duty_day_flag_words, NULL, 0 };
CPOL__NAME_FN(cpol_duty_day_flag, cpol_duty_day_flag, duty_day_flag_names)
CPOL__PARSE_FN(cpol_duty_day_flag, cpol_duty_day_flag, duty_day_flag_names)

static const char *const duty_away_words[] = {
	"leave", "training", "sick", "other", "unassigned", NULL };
static const cpol__names duty_away_names = { "reason for being away", "why", 1,
	0, duty_away_words, NULL, 0 };
CPOL__NAME_FN(cpol_duty_away, cpol_duty_away, duty_away_names)
CPOL__PARSE_FN(cpol_duty_away, cpol_duty_away, duty_away_names)

static const char *const duty_method_words[] = { "local_search", "round_robin", NULL };
static const cpol__names duty_method_names = { "roster method", "method", 0,
	0, duty_method_words, NULL, 0 };
CPOL__NAME_FN(cpol_duty_method, cpol_duty_method, duty_method_names)
CPOL__PARSE_FN(cpol_duty_method, cpol_duty_method, duty_method_names)

static const char *const export_format_words[] = { "csv", "jsonl", NULL };
static const cpol__names export_format_names = { "export format", "format", 0,
	0, export_format_words, NULL, 0 };
CPOL__NAME_FN(cpol_export_format, cpol_export_format, export_format_names)
CPOL__PARSE_FN(cpol_export_format, cpol_export_format, export_format_names)

static const char *const import_kind_words[] = { "addresses", "houses", "persons", NULL };
static const cpol__names import_kind_names = { "import kind", "kind", 1,
	0, import_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_import_kind, cpol_import_kind, import_kind_names)
CPOL__PARSE_FN(cpol_import_kind, cpol_import_kind, import_kind_names)

static const char *const import_audit_words[] = { "batch", "rows", NULL };
static const cpol__names import_audit_names = { "import audit mode", "audit", 0,
	0, import_audit_words, NULL, 0 };
CPOL__NAME_FN(cpol_import_audit, cpol_import_audit, import_audit_names)
CPOL__PARSE_FN(cpol_import_audit, cpol_import_audit, import_audit_names)

static const char *const encoding_source_words[] = { "options", "bom", "utf8", "guess", NULL };
static const cpol__names encoding_source_names = { "encoding source", "encoding_source", 0,
	0, encoding_source_words, NULL, 0 };
CPOL__NAME_FN(cpol_encoding_source, cpol_encoding_source, encoding_source_names)
CPOL__PARSE_FN(cpol_encoding_source, cpol_encoding_source, encoding_source_names)

static const char *const import_level_words[] = { "rejected", "warning", "updated", NULL };
static const cpol__names import_level_names = { "import note level", "level", 0,
	0, import_level_words, NULL, 0 };
CPOL__NAME_FN(cpol_import_level, cpol_import_level, import_level_names)
CPOL__PARSE_FN(cpol_import_level, cpol_import_level, import_level_names)

static const char *const staff_kind_words[] = { "officer", "auxiliary", NULL };
static const cpol__names staff_kind_names = { "staff kind", "kind", 1,
	0, staff_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_staff_kind, cpol_staff_kind, staff_kind_names)
CPOL__PARSE_FN(cpol_staff_kind, cpol_staff_kind, staff_kind_names)

static const char *const community_kind_words[] = { "urban", "village", NULL };
static const cpol__names community_kind_names = { "community kind", "kind", 1,
	0, community_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_community_kind, cpol_community_kind, community_kind_names)
CPOL__PARSE_FN(cpol_community_kind, cpol_community_kind, community_kind_names)

static const char *const org_level_words[] = {
	"region", "station", "office", "district", "community", "staff", NULL };
static const cpol__names org_level_names = { "organisation level", "level", 1,
	0, org_level_words, NULL, 0 };
CPOL__NAME_FN(cpol_org_level, cpol_org_level, org_level_names)
CPOL__PARSE_FN(cpol_org_level, cpol_org_level, org_level_names)

static const char *const idnum_flag_words[] = {
	"accept_15", "accept_lower_x", "no_check_char", NULL };
static const cpol__names idnum_flag_names = { "ID number flag", "flags", 0,
	1, idnum_flag_words, NULL, 0 };
CPOL__NAME_FN(cpol_idnum_flag, cpol_idnum_flag, idnum_flag_names)
CPOL__PARSE_FN(cpol_idnum_flag, cpol_idnum_flag, idnum_flag_names)

static const char *const sex_words[] = { "unknown", "male", "female", NULL };
static const cpol__names sex_names = { "sex", "sex", 0, 0, sex_words, NULL, 0 };
CPOL__NAME_FN(cpol_sex, cpol_sex, sex_names)
CPOL__PARSE_FN(cpol_sex, cpol_sex, sex_names)

static const char *const id_kind_words[] = { "resident", "passport", NULL };
static const cpol__names id_kind_names = { "ID kind", "id_kind", 1, 0, id_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_id_kind, cpol_id_kind, id_kind_names)
CPOL__PARSE_FN(cpol_id_kind, cpol_id_kind, id_kind_names)

static const char *const relation_words[] = { "owner", "family", "tenant", "other", NULL };
static const cpol__names relation_names = { "relation", "relation", 1, 0, relation_words, NULL, 0 };
CPOL__NAME_FN(cpol_relation, cpol_relation, relation_names)
CPOL__PARSE_FN(cpol_relation, cpol_relation, relation_names)

static const char *const contact_kind_words[] = {
	"assessment", "talk", "visit", "household", NULL };
static const cpol__names contact_kind_names = { "contact kind", "kind", 1,
	0, contact_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_contact_kind, cpol_contact_kind, contact_kind_names)
CPOL__PARSE_FN(cpol_contact_kind, cpol_contact_kind, contact_kind_names)

static const char *const unmanaged_kind_words[] = {
	"let_no_tenant", "no_residence", "no_office", NULL };
static const cpol__names unmanaged_kind_names = { "unmanaged kind", "kind", 1,
	0, unmanaged_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_unmanaged_kind, cpol_unmanaged_kind, unmanaged_kind_names)
CPOL__PARSE_FN(cpol_unmanaged_kind, cpol_unmanaged_kind, unmanaged_kind_names)

static const char *const time_unit_words[] = {
	"none", "day", "week", "half-month", "month", "quarter", "half-year", "year", "hour", NULL };
static const cpol__names time_unit_names = { "time unit", "unit", 0, 0, time_unit_words, NULL, 0 };
CPOL__NAME_FN(cpol_time_unit, cpol_time_unit, time_unit_names)
CPOL__PARSE_FN(cpol_time_unit, cpol_time_unit, time_unit_names)

static const char *const cadence_kind_words[] = {
	"none", "period", "interval", "day_of_month", "working_day", "immediate", NULL };
static const cpol__names cadence_kind_names = { "cadence kind", "kind", 0,
	0, cadence_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_cadence_kind, cpol_cadence_kind, cadence_kind_names)
CPOL__PARSE_FN(cpol_cadence_kind, cpol_cadence_kind, cadence_kind_names)

static const cpol__names label_kind_names = { "label kind", "kind", 1,
	0, cpol__label_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_label_kind, cpol_label_kind, label_kind_names)
CPOL__PARSE_FN(cpol_label_kind, cpol_label_kind, label_kind_names)

static const cpol__names obligation_kind_names = { "obligation kind", "kind", 1,
	0, cpol__obligation_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_obligation_kind, cpol_obligation_kind, obligation_kind_names)
CPOL__PARSE_FN(cpol_obligation_kind, cpol_obligation_kind, obligation_kind_names)

static const char *const deduct_kind_words[] = { "per_unit", "per_percent", "threshold", NULL };
static const cpol__names deduct_kind_names = { "deduction kind", "kind", 1,
	0, deduct_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_deduct_kind, cpol_deduct_kind, deduct_kind_names)
CPOL__PARSE_FN(cpol_deduct_kind, cpol_deduct_kind, deduct_kind_names)

static const cpol__names veto_effect_names = { "veto effect", "effect", 1,
	0, cpol__veto_effect_words, NULL, 0 };
CPOL__NAME_FN(cpol_veto_effect, cpol_veto_effect, veto_effect_names)
CPOL__PARSE_FN(cpol_veto_effect, cpol_veto_effect, veto_effect_names)

static const cpol__names sanction_action_names = { "sanction action", "action", 1,
	0, cpol__sanction_action_words, NULL, 0 };
CPOL__NAME_FN(cpol_sanction_action, cpol_sanction_action, sanction_action_names)
CPOL__PARSE_FN(cpol_sanction_action, cpol_sanction_action, sanction_action_names)

static const char *const rules_flag_words[] = { "no_env", "no_installed", NULL };
static const cpol__names rules_flag_names = { "rules flag", "flags", 0,
	1, rules_flag_words, NULL, 0 };
CPOL__NAME_FN(cpol_rules_flag, cpol_rules_flag, rules_flag_names)
CPOL__PARSE_FN(cpol_rules_flag, cpol_rules_flag, rules_flag_names)

static const char *const rule_type_words[] = {
	"null", "bool", "int", "number", "string", "duration", "cadence", "date", "time", "weekdays",
	"list", "map", NULL };
static const cpol__names rule_type_names = { "rule type", "type", 0, 0, rule_type_words, NULL, 0 };
CPOL__NAME_FN(cpol_rule_type, cpol_rule_type, rule_type_names)
CPOL__PARSE_FN(cpol_rule_type, cpol_rule_type, rule_type_names)

static const char *const cover_kind_words[] = {
	"item", "deduction", "veto", "coefficient", "sanction", "grade", NULL };
static const cpol__names cover_kind_names = { "coverage kind", "kind", 0,
	0, cover_kind_words, NULL, 0 };
CPOL__NAME_FN(cpol_cover_kind, cpol_cover_kind, cover_kind_names)
CPOL__PARSE_FN(cpol_cover_kind, cpol_cover_kind, cover_kind_names)

static const cpol__names inspection_kind_names = { "inspection kind", "kind", 1,
	0, cpol__inspection_kind_codes, NULL, 0 };
CPOL__NAME_FN(cpol_inspection_kind, cpol_inspection_kind, inspection_kind_names)
CPOL__PARSE_FN(cpol_inspection_kind, cpol_inspection_kind, inspection_kind_names)

static const char *audit_finding_kind_word(int value)
{
	return cpol_audit_finding_kind_name((cpol_audit_finding_kind)value);
}
static const cpol__names audit_finding_kind_names = { "audit finding kind", "kind",
	CPOL_AUDIT_FINDING_INTEGRITY,
	0, NULL, audit_finding_kind_word, CPOL_AUDIT_FINDING_ROW_REMOVED };
CPOL__PARSE_FN(cpol_audit_finding_kind, cpol_audit_finding_kind, audit_finding_kind_names)

static const char *duty_rule_word(int value)
{
	return cpol_duty_rule_name((cpol_duty_rule)value);
}
static const cpol__names duty_rule_names = { "duty rule", "rule", CPOL_DUTY_RULE_AVAILABILITY,
	0, NULL, duty_rule_word, CPOL_DUTY_RULE_END - 1 };
CPOL__PARSE_FN(cpol_duty_rule, cpol_duty_rule, duty_rule_names)

static const char *notice_result_word(int value)
{
	return cpol_notice_result_name((cpol_notice_result)value);
}
static const cpol__names notice_result_names = { "notice result", "result", CPOL_NOTICE_RECTIFIED,
	0, NULL, notice_result_word, CPOL_NOTICE_PENALISED };
CPOL__PARSE_FN(cpol_notice_result, cpol_notice_result, notice_result_names)

static const char *dispute_status_word(int value)
{
	return cpol_dispute_status_name((cpol_dispute_status)value);
}
static const cpol__names dispute_status_names = { "dispute status", "status", CPOL_DISPUTE_OPEN,
	0, NULL, dispute_status_word, CPOL_DISPUTE_REFERRED };
CPOL__PARSE_FN(cpol_dispute_status, cpol_dispute_status, dispute_status_names)

static const char *quota_kind_word(int value)
{
	return cpol_quota_kind_name((cpol_quota_kind)value);
}
static const cpol__names quota_kind_names = { "quota kind", "kind", CPOL_QUOTA_NIGHT_PATROLS,
	0, NULL, quota_kind_word, CPOL_QUOTA_PUBLICITY };
CPOL__PARSE_FN(cpol_quota_kind, cpol_quota_kind, quota_kind_names)

static const char *const encoding_words[] = { "auto", "utf-8", "gb18030", NULL };
static const cpol__names encoding_names = { "encoding", "encoding", 0, 0, encoding_words, NULL, 0 };
CPOL__NAME_FN(cpol_encoding, cpol_encoding, encoding_names)
