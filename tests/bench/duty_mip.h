/*
 * libcommpolice benchmark — duty: the exact solver (tests/bench/duty_mip.c).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef BENCH_DUTY_MIP_H
#define BENCH_DUTY_MIP_H

#include "duty_internal.h"

/*
 * Improve the roster in e (its cells, values of e->dom_v, which
 * cpol__duty_domain_init() made) with CBC within `seconds` of CPU time:
 * the model is the evaluator's cost, hard units weighted above every soft
 * point (or bounded to 0 when the start breaks no hard rule), started from
 * the roster in e. Returns 1 when a better roster was loaded into e, 0 when
 * e is kept (or built without CBC), < 0 on error. *bound receives CBC's
 * lower bound on the objective (soft points, when the start is lawful) and
 * *optimal 1 when CBC proved its roster optimal.
 */
int bench_duty_mip(cpol__duty_eval *e, double seconds, double *bound, int *optimal);
/* 1 when the benchmark was built with CBC. */
int bench_duty_mip_available(void);

#endif
