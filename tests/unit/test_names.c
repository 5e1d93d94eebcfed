/* The words of the public enums (every enum has a _name() and a _parse(),
 * docs/api-conventions.md), cpol_free() and the versioned output structs. */
#include "testutil.h"
#include "internal.h"

#include <string.h>

/* A word of 19 bytes starting with letter c. */
#define W19(c) c "234567890123456789"

/* What a failed parse must leave in out: no enum has this value. */
#define UNTOUCHED 99

/* One row per public enum: its _name() and _parse() behind int wrappers,
 * its values (first..last; with flags, the flags 1 << 0 .. 1 << (last - 1))
 * and the field its parse error names. */
typedef struct {
	const char *type;
	const char *(*name)(int v);
	int (*parse)(int *out, const char *w);
	int first, last, flags;
	const char *field;
} enum_row;

static const char *n_address_level(int v)
{
	return cpol_address_level_name((cpol_address_level)v);
}

static int p_address_level(int *out, const char *w)
{
	cpol_address_level e = (cpol_address_level)UNTOUCHED;
	int rc = cpol_address_level_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_house_use(int v)
{
	return cpol_house_use_name((cpol_house_use)v);
}

static int p_house_use(int *out, const char *w)
{
	cpol_house_use e = (cpol_house_use)UNTOUCHED;
	int rc = cpol_house_use_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_house_status(int v)
{
	return cpol_house_status_name((cpol_house_status)v);
}

static int p_house_status(int *out, const char *w)
{
	cpol_house_status e = (cpol_house_status)UNTOUCHED;
	int rc = cpol_house_status_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_subject_kind(int v)
{
	return cpol_subject_kind_name((cpol_subject_kind)v);
}

static int p_subject_kind(int *out, const char *w)
{
	cpol_subject_kind e = (cpol_subject_kind)UNTOUCHED;
	int rc = cpol_subject_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_metric_unit(int v)
{
	return cpol_metric_unit_name((cpol_metric_unit)v);
}

static int p_metric_unit(int *out, const char *w)
{
	cpol_metric_unit e = (cpol_metric_unit)UNTOUCHED;
	int rc = cpol_metric_unit_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_metric_source(int v)
{
	return cpol_metric_source_name((cpol_metric_source)v);
}

static int p_metric_source(int *out, const char *w)
{
	cpol_metric_source e = (cpol_metric_source)UNTOUCHED;
	int rc = cpol_metric_source_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_survey_kind(int v)
{
	return cpol_survey_kind_name((cpol_survey_kind)v);
}

static int p_survey_kind(int *out, const char *w)
{
	cpol_survey_kind e = (cpol_survey_kind)UNTOUCHED;
	int rc = cpol_survey_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_assess_line_kind(int v)
{
	return cpol_assess_line_kind_name((cpol_assess_line_kind)v);
}

static int p_assess_line_kind(int *out, const char *w)
{
	cpol_assess_line_kind e = (cpol_assess_line_kind)UNTOUCHED;
	int rc = cpol_assess_line_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_db_open_flag(int v)
{
	return cpol_db_open_flag_name((cpol_db_open_flag)v);
}

static int p_db_open_flag(int *out, const char *w)
{
	cpol_db_open_flag e = (cpol_db_open_flag)UNTOUCHED;
	int rc = cpol_db_open_flag_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_duty_shift_flag(int v)
{
	return cpol_duty_shift_flag_name((cpol_duty_shift_flag)v);
}

static int p_duty_shift_flag(int *out, const char *w)
{
	cpol_duty_shift_flag e = (cpol_duty_shift_flag)UNTOUCHED;
	int rc = cpol_duty_shift_flag_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_duty_day_flag(int v)
{
	return cpol_duty_day_flag_name((cpol_duty_day_flag)v);
}

static int p_duty_day_flag(int *out, const char *w)
{
	cpol_duty_day_flag e = (cpol_duty_day_flag)UNTOUCHED;
	int rc = cpol_duty_day_flag_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_duty_away(int v)
{
	return cpol_duty_away_name((cpol_duty_away)v);
}

static int p_duty_away(int *out, const char *w)
{
	cpol_duty_away e = (cpol_duty_away)UNTOUCHED;
	int rc = cpol_duty_away_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_duty_method(int v)
{
	return cpol_duty_method_name((cpol_duty_method)v);
}

static int p_duty_method(int *out, const char *w)
{
	cpol_duty_method e = (cpol_duty_method)UNTOUCHED;
	int rc = cpol_duty_method_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_export_format(int v)
{
	return cpol_export_format_name((cpol_export_format)v);
}

static int p_export_format(int *out, const char *w)
{
	cpol_export_format e = (cpol_export_format)UNTOUCHED;
	int rc = cpol_export_format_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_import_kind(int v)
{
	return cpol_import_kind_name((cpol_import_kind)v);
}

static int p_import_kind(int *out, const char *w)
{
	cpol_import_kind e = (cpol_import_kind)UNTOUCHED;
	int rc = cpol_import_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_import_audit(int v)
{
	return cpol_import_audit_name((cpol_import_audit)v);
}

static int p_import_audit(int *out, const char *w)
{
	cpol_import_audit e = (cpol_import_audit)UNTOUCHED;
	int rc = cpol_import_audit_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_encoding_source(int v)
{
	return cpol_encoding_source_name((cpol_encoding_source)v);
}

static int p_encoding_source(int *out, const char *w)
{
	cpol_encoding_source e = (cpol_encoding_source)UNTOUCHED;
	int rc = cpol_encoding_source_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_import_level(int v)
{
	return cpol_import_level_name((cpol_import_level)v);
}

static int p_import_level(int *out, const char *w)
{
	cpol_import_level e = (cpol_import_level)UNTOUCHED;
	int rc = cpol_import_level_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_staff_kind(int v)
{
	return cpol_staff_kind_name((cpol_staff_kind)v);
}

static int p_staff_kind(int *out, const char *w)
{
	cpol_staff_kind e = (cpol_staff_kind)UNTOUCHED;
	int rc = cpol_staff_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_community_kind(int v)
{
	return cpol_community_kind_name((cpol_community_kind)v);
}

static int p_community_kind(int *out, const char *w)
{
	cpol_community_kind e = (cpol_community_kind)UNTOUCHED;
	int rc = cpol_community_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_org_level(int v)
{
	return cpol_org_level_name((cpol_org_level)v);
}

static int p_org_level(int *out, const char *w)
{
	cpol_org_level e = (cpol_org_level)UNTOUCHED;
	int rc = cpol_org_level_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_idnum_flag(int v)
{
	return cpol_idnum_flag_name((cpol_idnum_flag)v);
}

static int p_idnum_flag(int *out, const char *w)
{
	cpol_idnum_flag e = (cpol_idnum_flag)UNTOUCHED;
	int rc = cpol_idnum_flag_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_sex(int v)
{
	return cpol_sex_name((cpol_sex)v);
}

static int p_sex(int *out, const char *w)
{
	cpol_sex e = (cpol_sex)UNTOUCHED;
	int rc = cpol_sex_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_id_kind(int v)
{
	return cpol_id_kind_name((cpol_id_kind)v);
}

static int p_id_kind(int *out, const char *w)
{
	cpol_id_kind e = (cpol_id_kind)UNTOUCHED;
	int rc = cpol_id_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_relation(int v)
{
	return cpol_relation_name((cpol_relation)v);
}

static int p_relation(int *out, const char *w)
{
	cpol_relation e = (cpol_relation)UNTOUCHED;
	int rc = cpol_relation_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_contact_kind(int v)
{
	return cpol_contact_kind_name((cpol_contact_kind)v);
}

static int p_contact_kind(int *out, const char *w)
{
	cpol_contact_kind e = (cpol_contact_kind)UNTOUCHED;
	int rc = cpol_contact_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_unmanaged_kind(int v)
{
	return cpol_unmanaged_kind_name((cpol_unmanaged_kind)v);
}

static int p_unmanaged_kind(int *out, const char *w)
{
	cpol_unmanaged_kind e = (cpol_unmanaged_kind)UNTOUCHED;
	int rc = cpol_unmanaged_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_time_unit(int v)
{
	return cpol_time_unit_name((cpol_time_unit)v);
}

static int p_time_unit(int *out, const char *w)
{
	cpol_time_unit e = (cpol_time_unit)UNTOUCHED;
	int rc = cpol_time_unit_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_cadence_kind(int v)
{
	return cpol_cadence_kind_name((cpol_cadence_kind)v);
}

static int p_cadence_kind(int *out, const char *w)
{
	cpol_cadence_kind e = (cpol_cadence_kind)UNTOUCHED;
	int rc = cpol_cadence_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_label_kind(int v)
{
	return cpol_label_kind_name((cpol_label_kind)v);
}

static int p_label_kind(int *out, const char *w)
{
	cpol_label_kind e = (cpol_label_kind)UNTOUCHED;
	int rc = cpol_label_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_obligation_kind(int v)
{
	return cpol_obligation_kind_name((cpol_obligation_kind)v);
}

static int p_obligation_kind(int *out, const char *w)
{
	cpol_obligation_kind e = (cpol_obligation_kind)UNTOUCHED;
	int rc = cpol_obligation_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_deduct_kind(int v)
{
	return cpol_deduct_kind_name((cpol_deduct_kind)v);
}

static int p_deduct_kind(int *out, const char *w)
{
	cpol_deduct_kind e = (cpol_deduct_kind)UNTOUCHED;
	int rc = cpol_deduct_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_veto_effect(int v)
{
	return cpol_veto_effect_name((cpol_veto_effect)v);
}

static int p_veto_effect(int *out, const char *w)
{
	cpol_veto_effect e = (cpol_veto_effect)UNTOUCHED;
	int rc = cpol_veto_effect_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_sanction_action(int v)
{
	return cpol_sanction_action_name((cpol_sanction_action)v);
}

static int p_sanction_action(int *out, const char *w)
{
	cpol_sanction_action e = (cpol_sanction_action)UNTOUCHED;
	int rc = cpol_sanction_action_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_rules_flag(int v)
{
	return cpol_rules_flag_name((cpol_rules_flag)v);
}

static int p_rules_flag(int *out, const char *w)
{
	cpol_rules_flag e = (cpol_rules_flag)UNTOUCHED;
	int rc = cpol_rules_flag_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_rule_type(int v)
{
	return cpol_rule_type_name((cpol_rule_type)v);
}

static int p_rule_type(int *out, const char *w)
{
	cpol_rule_type e = (cpol_rule_type)UNTOUCHED;
	int rc = cpol_rule_type_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_cover_kind(int v)
{
	return cpol_cover_kind_name((cpol_cover_kind)v);
}

static int p_cover_kind(int *out, const char *w)
{
	cpol_cover_kind e = (cpol_cover_kind)UNTOUCHED;
	int rc = cpol_cover_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_inspection_kind(int v)
{
	return cpol_inspection_kind_name((cpol_inspection_kind)v);
}

static int p_inspection_kind(int *out, const char *w)
{
	cpol_inspection_kind e = (cpol_inspection_kind)UNTOUCHED;
	int rc = cpol_inspection_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_audit_finding_kind(int v)
{
	return cpol_audit_finding_kind_name((cpol_audit_finding_kind)v);
}

static int p_audit_finding_kind(int *out, const char *w)
{
	cpol_audit_finding_kind e = (cpol_audit_finding_kind)UNTOUCHED;
	int rc = cpol_audit_finding_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_duty_rule(int v)
{
	return cpol_duty_rule_name((cpol_duty_rule)v);
}

static int p_duty_rule(int *out, const char *w)
{
	cpol_duty_rule e = (cpol_duty_rule)UNTOUCHED;
	int rc = cpol_duty_rule_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_notice_result(int v)
{
	return cpol_notice_result_name((cpol_notice_result)v);
}

static int p_notice_result(int *out, const char *w)
{
	cpol_notice_result e = (cpol_notice_result)UNTOUCHED;
	int rc = cpol_notice_result_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_dispute_status(int v)
{
	return cpol_dispute_status_name((cpol_dispute_status)v);
}

static int p_dispute_status(int *out, const char *w)
{
	cpol_dispute_status e = (cpol_dispute_status)UNTOUCHED;
	int rc = cpol_dispute_status_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_quota_kind(int v)
{
	return cpol_quota_kind_name((cpol_quota_kind)v);
}

static int p_quota_kind(int *out, const char *w)
{
	cpol_quota_kind e = (cpol_quota_kind)UNTOUCHED;
	int rc = cpol_quota_kind_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const char *n_encoding(int v)
{
	return cpol_encoding_name((cpol_encoding)v);
}

static int p_encoding(int *out, const char *w)
{
	cpol_encoding e = (cpol_encoding)UNTOUCHED;
	int rc = cpol_encoding_parse(&e, w);
	*out = (int)e;
	return rc;
}

static const enum_row enums[] = {
	{ "cpol_address_level", n_address_level, p_address_level, 1, 4, 0, "level" },
	{ "cpol_house_use", n_house_use, p_house_use, 1, 5, 0, "use" },
	{ "cpol_house_status", n_house_status, p_house_status, 1, 4, 0, "status" },
	{ "cpol_subject_kind", n_subject_kind, p_subject_kind, 1, 2, 0, "subject" },
	{ "cpol_metric_unit", n_metric_unit, p_metric_unit, 1, 5, 0, "unit" },
	{ "cpol_metric_source", n_metric_source, p_metric_source, 1, 5, 0, "source" },
	{ "cpol_survey_kind", n_survey_kind, p_survey_kind, 1, 3, 0, "kind" },
	{ "cpol_assess_line_kind", n_assess_line_kind, p_assess_line_kind, 1, 4, 0, "kind" },
	{ "cpol_db_open_flag", n_db_open_flag, p_db_open_flag, 0, 2, 1, "flags" },
	{ "cpol_duty_shift_flag", n_duty_shift_flag, p_duty_shift_flag, 0, 6, 1, "flags" },
	{ "cpol_duty_day_flag", n_duty_day_flag, p_duty_day_flag, 0, 5, 1, "flags" },
	{ "cpol_duty_away", n_duty_away, p_duty_away, 1, 5, 0, "why" },
	{ "cpol_duty_method", n_duty_method, p_duty_method, 0, 1, 0, "method" },
	{ "cpol_export_format", n_export_format, p_export_format, 0, 1, 0, "format" },
	{ "cpol_import_kind", n_import_kind, p_import_kind, 1, 3, 0, "kind" },
	{ "cpol_import_audit", n_import_audit, p_import_audit, 0, 1, 0, "audit" },
	{ "cpol_encoding_source", n_encoding_source, p_encoding_source, 0, 3, 0, "encoding_source" },
	{ "cpol_import_level", n_import_level, p_import_level, 0, 2, 0, "level" },
	{ "cpol_staff_kind", n_staff_kind, p_staff_kind, 1, 2, 0, "kind" },
	{ "cpol_community_kind", n_community_kind, p_community_kind, 1, 2, 0, "kind" },
	{ "cpol_org_level", n_org_level, p_org_level, 1, 6, 0, "level" },
	{ "cpol_idnum_flag", n_idnum_flag, p_idnum_flag, 0, 3, 1, "flags" },
	{ "cpol_sex", n_sex, p_sex, 0, 2, 0, "sex" },
	{ "cpol_id_kind", n_id_kind, p_id_kind, 1, 2, 0, "id_kind" },
	{ "cpol_relation", n_relation, p_relation, 1, 4, 0, "relation" },
	{ "cpol_contact_kind", n_contact_kind, p_contact_kind, 1, 4, 0, "kind" },
	{ "cpol_unmanaged_kind", n_unmanaged_kind, p_unmanaged_kind, 1, 3, 0, "kind" },
	{ "cpol_time_unit", n_time_unit, p_time_unit, 0, 8, 0, "unit" },
	{ "cpol_cadence_kind", n_cadence_kind, p_cadence_kind, 0, 5, 0, "kind" },
	{ "cpol_label_kind", n_label_kind, p_label_kind, 1, 5, 0, "kind" },
	{ "cpol_obligation_kind", n_obligation_kind, p_obligation_kind, 1, 8, 0, "kind" },
	{ "cpol_deduct_kind", n_deduct_kind, p_deduct_kind, 1, 3, 0, "kind" },
	{ "cpol_veto_effect", n_veto_effect, p_veto_effect, 1, 5, 0, "effect" },
	{ "cpol_sanction_action", n_sanction_action, p_sanction_action, 1, 5, 0, "action" },
	{ "cpol_rules_flag", n_rules_flag, p_rules_flag, 0, 2, 1, "flags" },
	{ "cpol_rule_type", n_rule_type, p_rule_type, 0, 11, 0, "type" },
	{ "cpol_cover_kind", n_cover_kind, p_cover_kind, 0, 5, 0, "kind" },
	{ "cpol_inspection_kind", n_inspection_kind, p_inspection_kind, 1, 4, 0, "kind" },
	{ "cpol_audit_finding_kind", n_audit_finding_kind, p_audit_finding_kind,
	  CPOL_AUDIT_FINDING_INTEGRITY, CPOL_AUDIT_FINDING_ROW_REMOVED, 0, "kind" },
	{ "cpol_duty_rule", n_duty_rule, p_duty_rule,
	  CPOL_DUTY_RULE_AVAILABILITY, CPOL_DUTY_RULE_END - 1, 0, "rule" },
	{ "cpol_notice_result", n_notice_result, p_notice_result,
	  CPOL_NOTICE_RECTIFIED, CPOL_NOTICE_PENALISED, 0, "result" },
	{ "cpol_dispute_status", n_dispute_status, p_dispute_status,
	  CPOL_DISPUTE_OPEN, CPOL_DISPUTE_REFERRED, 0, "status" },
	{ "cpol_quota_kind", n_quota_kind, p_quota_kind,
	  CPOL_QUOTA_NIGHT_PATROLS, CPOL_QUOTA_PUBLICITY, 0, "kind" },
	{ "cpol_encoding", n_encoding, p_encoding, 0, 2, 0, "encoding" },
};

#define NENUMS (sizeof(enums) / sizeof(enums[0]))

static int nth_value(const enum_row *e, int i)
{
	return e->flags ? (1 << i) : e->first + i;
}

static int count_values(const enum_row *e)
{
	return e->flags ? e->last : e->last - e->first + 1;
}

/* area: round_trip */

/* Every value of every public enum has a word of its own, and parsing the
 * word gives the value back. 44 enums (every typedef enum of the public
 * headers but cpol_error_code, checked below by hand). */
START_TEST(every_value_of_every_enum_round_trips)
{
	size_t k;
	int i, j, back;

	ck_assert_uint_eq(NENUMS, 44);
	for (k = 0; k < NENUMS; k++) {
		const enum_row *e = &enums[k];
		ck_assert_int_gt(count_values(e), 0);
		for (i = 0; i < count_values(e); i++) {
			/* "unknown" is a word of its own for cpol_sex: it must parse back */
			const char *w = e->name(nth_value(e, i));
			ck_assert_msg(w != NULL, "%s value %d has no word", e->type, nth_value(e, i));
			back = -1;
			ck_assert_msg(e->parse(&back, w) == 0, "%s: '%s' does not parse: %s", e->type, w,
			              cpol_error_last()->message);
			ck_assert_msg(back == nth_value(e, i), "%s: '%s' parses to %d, not %d", e->type, w,
			              back, nth_value(e, i));
			for (j = 0; j < i; j++)
				ck_assert_msg(strcmp(w, e->name(nth_value(e, j))) != 0, "%s: '%s' twice",
				              e->type, w);
		}
	}
}
END_TEST

/* Values just outside each enum (one below the first, one above the last;
 * for flags none and two at once) have no word: "unknown", or NULL for
 * cpol_duty_rule_name(), whose 0.1.0 contract says so. */
START_TEST(a_value_outside_the_enum_is_unknown)
{
	size_t k;

	for (k = 0; k < NENUMS; k++) {
		const enum_row *e = &enums[k];
		const char *below = e->flags ? e->name(0) : e->name(e->first - 1);
		const char *above = e->flags ? e->name(1 | 2) : e->name(e->last + 1);
		if (strcmp(e->type, "cpol_duty_rule") == 0) {
			ck_assert_ptr_null(below);
			ck_assert_ptr_null(above);
			continue;
		}
		ck_assert_msg(below && strcmp(below, "unknown") == 0, "%s below: %s", e->type,
		              below ? below : "NULL");
		ck_assert_msg(above && strcmp(above, "unknown") == 0, "%s above: %s", e->type,
		              above ? above : "NULL");
	}
}
END_TEST

/* The words are the ones the library already writes: the database's codes
 * (house use 'dormitory', relation 'tenant'), the rules' YAML
 * ('half-month', 'help_education', 'rank_after_unvetoed'), the audit's
 * findings ('row-removed'), the import's names ('utf-8'). Read from
 * lib/address.c, lib/population.c, lib/rules_time.c, lib/rules_schema.c,
 * lib/audit.c and lib/import.c, not from the new tables. */
START_TEST(the_words_are_the_ones_the_library_writes)
{
	cpol_time_unit u = CPOL_UNIT_NONE;
	cpol_audit_finding_kind f = CPOL_AUDIT_FINDING_INTEGRITY;
	cpol_error_code c = CPOL_OK;
	cpol_encoding enc = CPOL_ENCODING_AUTO;
	cpol_quota_kind q = CPOL_QUOTA_NIGHT_PATROLS;
	cpol_duty_rule r = CPOL_DUTY_RULE_AVAILABILITY;

	ck_assert_str_eq(cpol_house_use_name(CPOL_HOUSE_DORMITORY), "dormitory");
	ck_assert_str_eq(cpol_relation_name(CPOL_REL_TENANT), "tenant");
	ck_assert_str_eq(cpol_sex_name(CPOL_SEX_UNKNOWN), "unknown");
	ck_assert_str_eq(cpol_label_kind_name(CPOL_LABEL_HELP_EDUCATION), "help_education");
	ck_assert_str_eq(cpol_veto_effect_name(CPOL_VETO_RANK_AFTER_UNVETOED), "rank_after_unvetoed");
	ck_assert_str_eq(cpol_org_level_name(CPOL_ORG_STAFF), "staff");
	ck_assert_str_eq(cpol_duty_shift_flag_name(CPOL_SHIFT_NIGHT), "night");
	ck_assert_str_eq(cpol_duty_day_flag_name(CPOL_DUTY_DAY_WEEKEND), "weekend");
	ck_assert_str_eq(cpol_inspection_kind_name(CPOL_INSPECTION_REINSPECTION), "reinspection");
	ck_assert_str_eq(cpol_encoding_name(CPOL_ENCODING_UTF8), "utf-8");
	ck_assert_ok(cpol_time_unit_parse(&u, "half-month"));
	ck_assert_int_eq(u, CPOL_UNIT_HALF_MONTH);
	ck_assert_ok(cpol_audit_finding_kind_parse(&f, "row-removed"));
	ck_assert_int_eq(f, CPOL_AUDIT_FINDING_ROW_REMOVED);
	ck_assert_ok(cpol_quota_kind_parse(&q, "publicity"));
	ck_assert_int_eq(q, CPOL_QUOTA_PUBLICITY);
	ck_assert_ok(cpol_duty_rule_parse(&r, cpol_duty_rule_name(CPOL_DUTY_RULE_NIGHTS_IN_ROW)));
	ck_assert_int_eq(r, CPOL_DUTY_RULE_NIGHTS_IN_ROW);
	/* the encoding's own parse keeps its aliases */
	ck_assert_ok(cpol_encoding_parse(&enc, "gbk"));
	ck_assert_int_eq(enc, CPOL_ENCODING_GB18030);
	/* error codes: cpol_error_name() is their _name, by the one table */
	ck_assert_ok(cpol_error_code_parse(&c, "CPOL_ENOTFOUND"));
	ck_assert_int_eq(c, CPOL_ENOTFOUND);
	ck_assert_ok(cpol_error_code_parse(&c, cpol_error_name(CPOL_ERULES)));
	ck_assert_int_eq(c, CPOL_ERULES);
	ck_assert_ok(cpol_error_code_parse(&c, "CPOL_OK"));
	ck_assert_int_eq(c, CPOL_OK);
}
END_TEST

/* area: bad_word */

/* A word no value has: CPOL_EINVAL, the enum's field, a message naming
 * the word and the known words; out untouched. */
START_TEST(a_bad_word_is_refused_naming_the_word)
{
	size_t k;

	for (k = 0; k < NENUMS; k++) {
		const enum_row *e = &enums[k];
		int out = -1;
		const cpol_error *err;
		ck_assert_int_eq(e->parse(&out, "hotel"), CPOL_EINVAL);
		ck_assert_msg(out == UNTOUCHED, "%s: out changed to %d", e->type, out);
		err = cpol_error_last();
		ck_assert_int_eq(err->code, CPOL_EINVAL);
		ck_assert_msg(strstr(err->message, "'hotel'") != NULL, "%s: %s", e->type, err->message);
		ck_assert_str_eq(err->field, e->field);
		/* a word, not a place in a file: no file, line or column */
		ck_assert_ptr_null(err->file);
		ck_assert_int_eq(err->line, 0);
		ck_assert_int_eq(err->column, 0);
		ck_assert_msg(strstr(err->message, e->name(nth_value(e, 0))) != NULL,
		              "%s: known words missing: %s", e->type, err->message);
	}
}
END_TEST

/* Worked by hand: "hotel" is no house use; the message lists the five. */
START_TEST(the_message_lists_the_known_words)
{
	cpol_house_use u = CPOL_HOUSE_MIXED;

	ck_assert_int_eq(cpol_house_use_parse(&u, "hotel"), CPOL_EINVAL);
	ck_assert_int_eq(u, CPOL_HOUSE_MIXED);
	ck_assert_str_eq(cpol_error_last()->message,
	                 "unknown house use 'hotel' (known: residential, commercial, mixed, "
	                 "dormitory, other)");
	ck_assert_str_eq(cpol_error_last()->field, "use");
}
END_TEST

/* Case and spacing count: words are codes, not prose. NULL and "" are bad
 * words too. */
START_TEST(near_misses_and_null_are_bad_words)
{
	cpol_sex s = CPOL_SEX_FEMALE;
	cpol_error_code c = CPOL_EDB;

	ck_assert_int_eq(cpol_sex_parse(&s, "Male"), CPOL_EINVAL);
	ck_assert_int_eq(cpol_sex_parse(&s, "male "), CPOL_EINVAL);
	ck_assert_int_eq(cpol_sex_parse(&s, ""), CPOL_EINVAL);
	ck_assert_int_eq(cpol_sex_parse(&s, NULL), CPOL_EINVAL);
	ck_assert_msg(strstr(cpol_error_last()->message, "'(null)'") != NULL, "%s",
	              cpol_error_last()->message);
	ck_assert_int_eq(s, CPOL_SEX_FEMALE);
	ck_assert_int_eq(cpol_error_code_parse(&c, "ENOTFOUND"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "code");
	ck_assert_int_eq(c, CPOL_EDB);
}
END_TEST

/* The list of known words is a hint of at most 511 bytes: 40 words of 19
 * letters and ", " (21 bytes each, 840 in all) are cut with "...", the
 * word still named first. The 20 error codes (about 280 bytes) fit. */
START_TEST(a_long_list_of_known_words_is_cut)
{
	static const char *const many[] = {
		W19("a"), W19("b"), W19("c"), W19("d"), W19("e"), W19("f"), W19("g"), W19("h"),
		W19("i"), W19("j"), W19("k"), W19("l"), W19("m"), W19("n"), W19("o"), W19("p"),
		W19("q"), W19("r"), W19("s"), W19("t"), W19("u"), W19("v"), W19("w"), W19("x"),
		W19("y"), W19("z"), W19("A"), W19("B"), W19("C"), W19("D"), W19("E"), W19("F"),
		W19("G"), W19("H"), W19("I"), W19("J"), W19("K"), W19("L"), W19("M"), W19("N"),
		NULL };
	static const cpol__names names = { "long thing", "thing", 1, 0, many, NULL, 0 };
	const char *m;
	size_t len;
	int v = 0;

	ck_assert_int_eq(cpol__names_parse(&v, &names, "nope"), CPOL_EINVAL);
	m = cpol_error_last()->message;
	ck_assert_msg(strstr(m, "unknown long thing 'nope' (known: a234567890123456789, ") == m,
	              "%s", m);
	len = strlen(m);
	ck_assert_msg(len > 4 && strcmp(m + len - 4, "...)") == 0, "%s", m);
	ck_assert_ok(cpol__names_parse(&v, &names, W19("N")));
	ck_assert_int_eq(v, 40);
	ck_assert_int_eq(cpol_error_code_parse(NULL, "CPOL_NOPE"), CPOL_EINVAL);
	m = cpol_error_last()->message;
	ck_assert_msg(strstr(m, "CPOL_ITEROVER)") != NULL, "%s", m);
}
END_TEST

/* area: free */

/* A string the library allocated goes back through cpol_free() (the
 * sanitizer build and valgrind would report a mismatch or a leak). */
START_TEST(cpol_free_frees_what_the_library_allocated)
{
	cpol_rules *rules = NULL;
	char *canon = NULL;

	ck_assert_ok(cpol_rules_load_region(&rules, "national", NULL));
	ck_assert_ok(cpol_rules_canonical(&canon, rules));
	ck_assert_ptr_nonnull(canon);
	ck_assert_int_gt((int)strlen(canon), 0);
	cpol_free(canon);
	cpol_free(NULL);
	cpol_rules_free(rules);
}
END_TEST

/* area: versioned_structs */

/* The output structs the caller allocates start with their version: the
 * INIT macro and the init function agree, and an unknown version is
 * refused naming the field. */
START_TEST(output_structs_carry_a_version)
{
	cpol_work_rates r = CPOL_WORK_RATES_INIT, r2;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT, rep2;

	ck_assert_uint_eq(r.version, 1);
	ck_assert_uint_eq(rep.version, 1);
	memset(&r2, 0xff, sizeof(r2));
	memset(&rep2, 0xff, sizeof(rep2));
	ck_assert_ok(cpol_work_rates_init(&r2, CPOL_WORK_RATES_VERSION));
	ck_assert_ok(cpol_import_report_init(&rep2, CPOL_IMPORT_REPORT_VERSION));
	ck_assert_uint_eq(r2.version, 1);
	ck_assert_int_eq(r2.from, 0);
	ck_assert_ptr_null(r2.feedback.rule_key);
	ck_assert_uint_eq(rep2.version, 1);
	ck_assert_int_eq(rep2.records, 0);
	ck_assert_int_eq(rep2.encoding_note[0], 0);
	ck_assert_int_eq(cpol_work_rates_init(&r2, CPOL_WORK_RATES_VERSION + 1), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "version");
	ck_assert_int_eq(cpol_import_report_init(&rep2, 0), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "version");
	ck_assert_int_eq(cpol_import_report_init(NULL, CPOL_IMPORT_REPORT_VERSION), CPOL_EINVAL);
}
END_TEST

#include "test_names.list"

int main(void)
{
	return testutil_main_list("names", NULL, NULL, testutil_tests());
}
