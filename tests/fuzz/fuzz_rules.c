/*
 * libFuzzer target for the rules loader: any bytes go to
 * cpol_rules_load_buffer(); what loads is then hashed, walked, tested and
 * asked a few decisions, so that the typed views and the decision helpers
 * see fuzzed rule sets too. Built and run by tests/fuzz/run-fuzz.sh
 * (`make fuzz`).
 */
#include <stdint.h>
#include <stdlib.h>

#include "commpolice.h"

static void exercise(const cpol_rules *rules)
{
	const cpol_rules_obligations *ob = cpol_rules_get_obligations(rules);
	const cpol_rules_assessment *as = cpol_rules_get_assessment(rules);
	cpol_office_profile profile = CPOL_OFFICE_PROFILE_INIT;
	const cpol_rules_office_class *oc;
	const cpol_rules_grade *grade;
	const cpol_rule_ref *ref;
	cpol_rules_iter *it;
	cpol_item_score score = CPOL_ITEM_SCORE_INIT;
	const char *text;
	char *canon;
	cpol_date d, due;
	int64_t n;
	size_t i, failed;
	int b;

	if (cpol_rules_canonical(&canon, rules) == 0)
		free(canon);
	cpol_rules_run_tests(&failed, rules, NULL, NULL);
	if (cpol_rules_iter_new(&it, rules, NULL) == 0) {
		while (cpol_rules_iter_next(&ref, &text, it) == 0)
			;
		cpol_rules_iter_free(it);
	}
	cpol_date_from_ymd(&d, 2024, 2, 28);
	for (i = 0; i < ob->count; i++)
		cpol_rules_next_due(&due, &ref, rules, &ob->items[i].cadence.value, d);
	for (i = 0; i < 10; i++) {
		cpol_rules_is_working_day(&b, &ref, rules, d + (cpol_date)i);
		cpol_rules_is_reception_day(&b, &ref, rules, d + (cpol_date)i);
	}
	for (i = 0; i < as->item_count; i++) {
		cpol_item_score_compute(&score, rules, as->items[i].id, 0);
		cpol_item_score_compute(&score, rules, as->items[i].id, 1e6);
	}
	cpol_rules_grade_for(&grade, rules, 75);
	cpol_rules_officers_needed(&n, &ref, rules, 12345, 4321);
	profile.residents = 4000;
	cpol_rules_office_class_for(&oc, rules, &profile);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cpol_rules_options opts = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *rules = NULL;

	/* Parents other than the built-in national are not looked up: the
	 * fuzzer must not depend on the files around it. */
	opts.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	opts.name = "fuzz.yaml";
	if (cpol_rules_load_buffer(&rules, (const char *)data, size, &opts) == 0) {
		exercise(rules);
		cpol_rules_free(rules);
	} else if (rules != NULL) {
		abort(); /* a failed load must leave nothing behind */
	}
	return 0;
}
