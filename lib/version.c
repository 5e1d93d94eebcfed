/*
 * libcommpolice — library version.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"

#include <stdlib.h>

const char *cpol_version(void)
{
	return CPOL_VERSION;
}

int cpol_version_number(void)
{
	return CPOL_VERSION_NUMBER;
}

/* The one place the library's strings are freed for a caller: free() here is
 * the library's own runtime's, whatever the caller links with. */
void cpol_free(void *ptr)
{
	free(ptr);
}
