/*
 * libcommpolice — umbrella header: include this one.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_H
#define COMMPOLICE_H

/**
 * @file commpolice.h
 * @brief The whole public API of libcommpolice.
 */

#include "commpolice/common.h"
#include "commpolice/error.h"
#include "commpolice/date.h"
#include "commpolice/db.h"
#include "commpolice/audit.h"
#include "commpolice/rules.h"
#include "commpolice/org.h"
#include "commpolice/duty.h"
#include "commpolice/address.h"
#include "commpolice/population.h"
#include "commpolice/import.h"
#include "commpolice/units.h"
#include "commpolice/work.h"
#include "commpolice/owed.h"
#include "commpolice/record.h"
#include "commpolice/assess.h"
#include "commpolice/export.h"
#include "commpolice/deprecated.h"

#endif
