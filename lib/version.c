/*
 * libcommpolice — library version.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"

const char *cpol_version(void)
{
	return CPOL_VERSION;
}

int cpol_version_number(void)
{
	return CPOL_VERSION_NUMBER;
}
