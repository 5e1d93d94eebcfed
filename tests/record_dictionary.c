/*
 * The record types of docs/data-dictionary.md, from the library's record
 * descriptions (commpolice/record.h): `make data-dictionary` appends what
 * this prints to what build-aux/data-dictionary.sh makes of the
 * migrations, and tests/data_dictionary.sh checks the committed file is
 * both. So the dictionary carries each field's doc string and its
 * identifies-a-person flag as the library has them.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include <commpolice.h>
#include <stdio.h>

static const char *const type_names[] = {
	"id", "int", "int64", "double", "bool", "date", "text", "enum" };

int main(void)
{
	int k;

	puts("");
	puts("## Record types");
	puts("");
	puts("Generated from the library's record descriptions (`lib/record.c`, read with");
	puts("`cpol_record_fields()` of `commpolice/record.h`): each field of a record's");
	puts("struct, the column it is read from, its type, and whether it may identify a");
	puts("person (the research export drops those unless its profile says otherwise).");
	for (k = 1; k <= CPOL_RECORD_KIND_COUNT; k++) {
		const cpol_record_field *f;
		size_t i, n;

		if (cpol_record_fields(&f, &n, (cpol_record_kind)k) < 0) {
			fprintf(stderr, "record_dictionary: %s\n", cpol_error_last()->message);
			return 1;
		}
		printf("\n### `%s` (`cpol_%s`, table `%s`)\n\n", cpol_record_kind_name((cpol_record_kind)k),
		       cpol_record_kind_name((cpol_record_kind)k), cpol_record_table((cpol_record_kind)k));
		puts("| field | column | type | identifies a person | description |");
		puts("|---|---|---|---|---|");
		for (i = 0; i < n; i++, f++) {
			printf("| `%s` | `%s` | %s%s", f->name, f->column, type_names[f->type - 1],
			       f->optional ? ", optional" : "");
			if (f->codes) {
				const char *const *c;
				printf(" (");
				for (c = f->codes; *c; c++)
					printf("%s%s", c == f->codes ? "" : ", ", *c);
				printf(")");
			}
			printf(" | %s | %s |\n", f->identifies_person ? "yes" : "", f->doc);
		}
	}
	return 0;
}
