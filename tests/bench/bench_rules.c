/*
 * Loading rules: the largest shipped chain (most bytes of YAML from
 * national down to the region), loaded N times (default 1000) with
 * cpol_rules_load_region(), against a bare libyaml parse of the same files
 * (every event pulled, nothing built) in the same run. The figure that
 * matters is the ratio: the price of building, merging, validating, typing
 * and hashing over reading the YAML at all.
 *
 *   bench_rules [N]      (top_srcdir names the source tree; `make bench`)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

#include "commpolice.h"

static const char *const regions[] = {
	"nantong", "chengdu", "sanming", "mountain_county", "ab_office", "zhuanzhi", NULL };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

/* Pull every event of a document, as any YAML reader must. */
static int bare_parse(const char *data, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int done = 0, events = 0;
	if (!yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			yaml_parser_delete(&p);
			return -1;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		events++;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return events;
}

int main(int argc, char **argv)
{
	const char *top = getenv("top_srcdir") ? getenv("top_srcdir") : ".";
	int n = argc > 1 ? atoi(argv[1]) : 1000, i, events = 0;
	char path[1024], nat_path[1200], reg_path[1200];
	char *nat, *reg;
	size_t nat_len = 0, reg_len = 0, best_len = 0;
	const char *best = NULL;
	cpol_rules_options opts = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *rules;
	double t0, t_load, t_bare;

	snprintf(path, sizeof(path), "%s/data/regions", top);
	opts.search_path = path;
	opts.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	/* the largest chain: national plus the biggest region file */
	for (i = 0; regions[i]; i++) {
		char p[1200];
		size_t len = 0;
		char *text;
		snprintf(p, sizeof(p), "%s/%s.yaml", path, regions[i]);
		if (!(text = slurp(p, &len))) {
			fprintf(stderr, "bench_rules: cannot read %s\n", p);
			return 1;
		}
		if (len > best_len) {
			best_len = len;
			best = regions[i];
		}
		free(text);
	}
	snprintf(nat_path, sizeof(nat_path), "%s/national.yaml", path);
	snprintf(reg_path, sizeof(reg_path), "%s/%s.yaml", path, best);
	nat = slurp(nat_path, &nat_len);
	reg = slurp(reg_path, &reg_len);
	if (!nat || !reg || n < 1) {
		fprintf(stderr, "bench_rules: cannot read the rule files under %s\n", path);
		return 1;
	}

	/* warm up, and check that the chain loads at all */
	if (cpol_rules_load_region(&rules, best, &opts) < 0) {
		fprintf(stderr, "bench_rules: %s\n", cpol_error_last()->message);
		return 1;
	}
	printf("chain: %s -> national, %zu files, %zu bytes of YAML\n", best,
	       cpol_rules_chain_length(rules), nat_len + reg_len);
	cpol_rules_free(rules);

	t0 = now();
	for (i = 0; i < n; i++) {
		/* read the region file as the loader does; national is in memory in both */
		size_t len;
		free(slurp(reg_path, &len));
		events = bare_parse(nat, nat_len) + bare_parse(reg, reg_len);
	}
	t_bare = now() - t0;

	t0 = now();
	for (i = 0; i < n; i++) {
		if (cpol_rules_load_region(&rules, best, &opts) < 0) {
			fprintf(stderr, "bench_rules: %s\n", cpol_error_last()->message);
			return 1;
		}
		cpol_rules_free(rules);
	}
	t_load = now() - t0;

	printf("bare libyaml parse: %8.1f us per chain (%d events)\n", t_bare / n * 1e6, events);
	printf("cpol_rules_load:    %8.1f us per chain\n", t_load / n * 1e6);
	printf("ratio load/parse:   %8.2f  (%d loads)\n", t_load / t_bare, n);
	free(nat);
	free(reg);
	return 0;
}
