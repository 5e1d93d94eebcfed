/*
 * libFuzzer target for the ID-number parser (GB 11643-1999): the first
 * byte chooses the flags, the rest is the text. A number that parses must
 * come back as 18 characters whose check character, sex, region and birth
 * date agree with what was returned, and must parse again to itself;
 * cpol_idnum_region_known() takes any text. Built and run by
 * tests/fuzz/run-fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "commpolice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[80];
	unsigned int flags;
	cpol_idnum n, again;
	cpol_date today, birth;
	int y, m, d;

	if (size == 0)
		return 0;
	flags = data[0] & (CPOL_IDNUM_ACCEPT_15 | CPOL_IDNUM_ACCEPT_LOWER_X | CPOL_IDNUM_NO_CHECK_CHAR);
	size = size - 1 < sizeof(text) - 1 ? size - 1 : sizeof(text) - 1;
	memcpy(text, data + 1, size);
	text[size] = '\0';
	cpol_date_from_ymd(&today, 2024, 6, 1);
	cpol_idnum_region_known(text);
	if (cpol_idnum_parse(&n, text, flags, today) < 0)
		return 0;
	if (strlen(n.number) != 18 || strncmp(n.region, n.number, 6) != 0 || strlen(n.region) != 6)
		abort();
	if (!(flags & CPOL_IDNUM_NO_CHECK_CHAR) && cpol_idnum_check_char(n.number) != n.number[17])
		abort();
	if (n.sex != ((n.number[16] - '0') % 2 ? CPOL_SEX_MALE : CPOL_SEX_FEMALE))
		abort();
	y = (n.number[6] - '0') * 1000 + (n.number[7] - '0') * 100 + (n.number[8] - '0') * 10 + (n.number[9] - '0');
	m = (n.number[10] - '0') * 10 + (n.number[11] - '0');
	d = (n.number[12] - '0') * 10 + (n.number[13] - '0');
	if (cpol_date_from_ymd(&birth, y, m, d) < 0 || birth != n.birth_date || birth > today)
		abort();
	if (n.upgraded != (n.original[0] != '\0'))
		abort();
	/* The 18-character form is a fixed point. */
	if (cpol_idnum_parse(&again, n.number, flags, today) < 0 || strcmp(again.number, n.number) != 0 || again.upgraded)
		abort();
	cpol_idnum_region_known(n.region);
	return 0;
}
