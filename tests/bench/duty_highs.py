#!/usr/bin/python3
"""The roster MIP that tests/bench/duty_mip.c dumps (DUTY_MIP_DUMP=FILE),
solved by HiGHS through SciPy (Debian's python3-scipy, MIT): the benchmark
may use any solver Debian has. Prints "bound objective status" on one
line: HiGHS's lower bound and best objective with the constant of the
empty cells added (the checker's soft points), and 1 when proven optimal.

  duty_highs.py FILE [SECONDS] [SOLUTION_OUT]
"""
import sys

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix


def load(path):
    with open(path) as f:
        ncols, nrows, nnz, constant = f.readline().split()
        ncols, nrows = int(ncols), int(nrows)
        cols = np.array([f.readline().split() for _ in range(ncols)], dtype=float).reshape(ncols, 4)
        lo, hi, indptr, idx, val = [], [], [0], [], []
        for _ in range(nrows):
            t = f.readline().split()
            lo.append(float(t[0]))
            hi.append(float(t[1]))
            n = int(t[2])
            idx.extend(int(x) for x in t[3:3 + 2 * n:2])
            val.extend(float(x) for x in t[4:4 + 2 * n:2])
            indptr.append(len(idx))
    a = csr_matrix((val, idx, indptr), shape=(nrows, ncols))
    return cols, a, np.array(lo), np.array(hi), float(constant)


def main():
    path = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60
    cols, a, lo, hi, constant = load(path)
    res = milp(c=cols[:, 2], integrality=cols[:, 3], bounds=Bounds(cols[:, 0], cols[:, 1]),
               constraints=LinearConstraint(a, lo, hi),
               options={"time_limit": seconds, "mip_rel_gap": 0, "disp": False})
    bound = getattr(res, "mip_dual_bound", None)
    obj = res.fun if res.x is not None else float("nan")
    if bound is None:
        bound = float("nan")
    print("%.6f %.6f %d" % (bound + constant, obj + constant, 1 if res.status == 0 else 0))
    if len(sys.argv) > 3 and res.x is not None:
        np.savetxt(sys.argv[3], res.x)


if __name__ == "__main__":
    main()
