#!/usr/bin/python3
"""Mutation check for libcommpolice: plant one-token bugs, see if a test fails.

Run through tests/mutate.sh (see its header for usage). For each mutant:
write it into a COPY of the source tree, rebuild the library and the C unit
tests incrementally, run the tests (stopping at the first failing program)
under a time limit, and count the mutant killed when a test fails, times out
or the mutant does not compile. A mutant that every test passes survives:
it is a plausible bug no test would catch.

Mutation operators (one token each):
  cmp     <  <=  >  >=  ==  !=   to the neighbour on the other side of the
                                 boundary (< to <=, == to != ...)
  arith   binary + to -, - to +, * to /, / to *, += to -=, -= to +=
  bool    && to ||, || to &&, !x to x
  const   an integer constant n to n+1 and n-1
  return  `return X;` directly under an if/else dropped

Skipped: comments, string and character literals, preprocessor lines,
array sizes in declarations, and any line carrying the marker
`mutate: skip` in a comment (use it for a line whose mutants are known
equivalent, and say why next to it).

Why not a tool: mull and dextool need LLVM plugins matched to the compiler
version and compile_commands; Debian has neither packaged. Planting tokens
in the source and rebuilding with the project's own build is small, works
with any compiler, and reports mutants as source lines a reader can check.
"""

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

# ---------------------------------------------------------------- scanning

TOKEN_RE = re.compile(r"""
    (?P<ws>[ \t\r\f\v]+|\n)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')
  | (?P<number>0[xX][0-9a-fA-F]+[uUlL]*|\d+\.\d*(?:[eE][-+]?\d+)?[fFlL]?|\.\d+(?:[eE][-+]?\d+)?[fFlL]?|\d+(?:[eE][-+]?\d+)[fFlL]?|\d+[uUlL]*)
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<op>->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||\+=|-=|\*=|/=|%=|&=|\|=|\^=|\.\.\.|[-+*/%<>=!&|^~?:;,.(){}\[\]\#])
  | (?P<other>.)
""", re.X | re.S)

TYPE_WORDS = {
    "int", "char", "void", "long", "short", "unsigned", "signed", "double",
    "float", "const", "struct", "enum", "union", "static", "size_t",
    "ssize_t", "bool", "volatile", "extern", "inline",
}

CMP_SWAP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
ARITH_SWAP = {"+": "-", "-": "+", "*": "/", "/": "*", "+=": "-=", "-=": "+="}
BOOL_SWAP = {"&&": "||", "||": "&&"}


class Tok:
    __slots__ = ("kind", "text", "start", "end", "line", "ws_before", "ws_after")

    def __init__(self, kind, text, start, line):
        self.kind = kind
        self.text = text
        self.start = start
        self.end = start + len(text)
        self.line = line
        self.ws_before = False
        self.ws_after = False


def tokenize(text):
    """Significant tokens of a C file, with preprocessor lines left out."""
    toks = []
    line = 1
    pos = 0
    at_line_start = True
    skip_pp = False
    prev = None
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        kind = m.lastgroup
        s = m.group()
        if kind == "ws":
            if s == "\n":
                if not (skip_pp and text[pos - 1:pos] == "\\"):
                    skip_pp = False
                at_line_start = True
            if prev is not None:
                prev.ws_after = True
            line += s.count("\n")
            pos = m.end()
            continue
        if kind == "comment":
            if prev is not None:
                prev.ws_after = True
            nl = s.count("\n")
            line += nl
            pos = m.end()
            continue
        if at_line_start and s == "#":
            skip_pp = True
        at_line_start = False
        if not skip_pp:
            t = Tok(kind, s, pos, line)
            t.ws_before = pos > 0 and text[pos - 1] in " \t\n"
            toks.append(t)
            prev = t
        else:
            prev = None
        line += s.count("\n")
        pos = m.end()
    return toks


def match_parens(toks):
    """Index of the matching bracket for every ( [ { and ) ] }."""
    pairs = {}
    stack = []
    for i, t in enumerate(toks):
        if t.kind != "op":
            continue
        if t.text in "([{":
            stack.append(i)
        elif t.text in ")]}" and stack:
            j = stack.pop()
            pairs[i] = j
            pairs[j] = i
    return pairs


def is_operand_end(t):
    if t.kind in ("ident", "number", "string"):
        return t.text not in ("return", "case", "sizeof", "else", "do")
    return t.kind == "op" and t.text in (")", "]", "++", "--")


def is_declaration_line(text, line_start):
    line = text[line_start:text.find("\n", line_start)]
    return re.match(r"\s*(static\s+|const\s+|unsigned\s+|struct\s+)*\w+\s+\**\s*\w+\s*\[", line) is not None


class Mutant:
    __slots__ = ("path", "start", "end", "after", "line", "op", "before",
                 "line_before", "line_after")

    def __init__(self, path, text, start, end, after, line, op):
        self.path = path
        self.start = start
        self.end = end
        self.after = after
        self.line = line
        self.op = op
        self.before = text[start:end]
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        if le < 0:
            le = len(text)
        self.line_before = " ".join(text[ls:le].split())
        self.line_after = " ".join((text[ls:start] + after + text[end:le]).split())

    def apply(self, text):
        return text[:self.start] + self.after + text[self.end:]

    def describe(self):
        return "%s:%d: %s → %s   [%s: %s → %s]" % (
            self.path, self.line, self.line_before, self.line_after,
            self.op, " ".join(self.before.split())[:40], self.after.strip() or "(removed)")


def find_mutants(path, text, lines=None):
    toks = tokenize(text)
    pairs = match_parens(toks)
    skip_lines = set()
    for n, l in enumerate(text.split("\n"), 1):
        if "mutate: skip" in l:
            skip_lines.add(n)
    # The ')' closing each if-condition, and the '{' opening each if/else body.
    if_close = set()
    if_brace = set()
    for i, t in enumerate(toks):
        if t.kind == "ident" and t.text == "if" and i + 1 < len(toks) and toks[i + 1].text == "(":
            j = pairs.get(i + 1)
            if j is not None:
                if_close.add(j)
                if j + 1 < len(toks) and toks[j + 1].text == "{":
                    if_brace.add(j + 1)
        if t.kind == "ident" and t.text == "else" and i + 1 < len(toks) and toks[i + 1].text == "{":
            if_brace.add(i + 1)
    out = []
    brace_stack = []

    def add(start, end, after, line, op):
        if lines is not None and line not in lines:
            return
        if line in skip_lines:
            return
        out.append(Mutant(path, text, start, end, after, line, op))

    for i, t in enumerate(toks):
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.kind == "op" and t.text == "{":
            brace_stack.append(i)
        elif t.kind == "op" and t.text == "}":
            if brace_stack:
                brace_stack.pop()
        if t.kind == "op":
            if t.text in CMP_SWAP:
                # '<' / '>' that are not comparisons do not occur outside
                # preprocessor lines in C.
                add(t.start, t.end, CMP_SWAP[t.text], t.line, "cmp")
            elif t.text in BOOL_SWAP:
                add(t.start, t.end, BOOL_SWAP[t.text], t.line, "bool")
            elif t.text in ("+=", "-="):
                add(t.start, t.end, ARITH_SWAP[t.text], t.line, "arith")
            elif t.text in ("+", "-", "/"):
                if prev is not None and is_operand_end(prev):
                    add(t.start, t.end, ARITH_SWAP[t.text], t.line, "arith")
            elif t.text == "*":
                # House style spaces binary operators: `a * b`, `type *p`.
                if (prev is not None and is_operand_end(prev) and t.ws_before and t.ws_after
                        and prev.text not in TYPE_WORDS):
                    add(t.start, t.end, "/", t.line, "arith")
            elif t.text == "!":
                if nxt is not None and (nxt.kind in ("ident", "number") or nxt.text == "("):
                    add(t.start, t.end, "", t.line, "bool")
        elif t.kind == "number":
            if not re.fullmatch(r"(0[xX][0-9a-fA-F]+|\d+)[uUlL]*", t.text):
                continue
            if prev is not None and prev.text == "[" and nxt is not None and nxt.text == "]":
                ls = text.rfind("\n", 0, t.start) + 1
                if is_declaration_line(text, ls):
                    continue
            m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|\d+)([uUlL]*)", t.text)
            digits = m.group(1)
            # C reads 0777 as octal; Python's int(x, 0) refuses a leading zero.
            v = int(digits, 8) if len(digits) > 1 and digits[0] == "0" and digits[1] not in "xX" else int(digits, 0)
            suffix = m.group(2)
            unary_minus = prev is not None and prev.text == "-" and not is_operand_end(toks[i - 2]) \
                if i >= 2 else False
            for nv in (v + 1, v - 1):
                if nv < 0:
                    if unary_minus or "u" in suffix.lower():
                        continue
                    rep = "(%d)" % nv
                else:
                    rep = "%d%s" % (nv, suffix)
                add(t.start, t.end, rep, t.line, "const")
        elif t.kind == "ident" and t.text == "return":
            under_if = False
            if prev is not None and (prev.text == "else" or (prev.text == ")" and (i - 1) in if_close)):
                under_if = True
            elif brace_stack and brace_stack[-1] in if_brace:
                under_if = True
            if not under_if:
                continue
            j = i
            depth = 0
            while j < len(toks):
                if toks[j].text in "([{":
                    depth += 1
                elif toks[j].text in ")]}":
                    depth -= 1
                elif toks[j].text == ";" and depth == 0:
                    break
                j += 1
            if j < len(toks):
                add(t.start, toks[j].end, ";", t.line, "return")
    return out


# ---------------------------------------------------------------- the tree


def log(*a):
    print(*a, flush=True)


def run(cmd, cwd, timeout=None, env=None, quiet=True, mem_mb=0):
    """Run cmd in its own process group; (rc, seconds, output). rc None: timed out.

    mem_mb: cap the address space of cmd (ulimit -v) so that a mutant that
    allocates without end fails its test instead of the machine's memory.
    """
    t0 = time.time()
    if mem_mb:
        cmd = ["/bin/sh", "-c", 'ulimit -v %d && exec "$0" "$@"' % (mem_mb * 1024)] + list(cmd)
    p = subprocess.Popen(cmd, cwd=cwd, env=env, start_new_session=True,
                         stdout=subprocess.PIPE if quiet else None,
                         stderr=subprocess.STDOUT if quiet else None)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, time.time() - t0, (out or b"").decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.communicate()
        return None, time.time() - t0, ""


def source_files(src):
    """Files of the developer's tree to copy: tracked and untracked-not-ignored."""
    if os.path.exists(os.path.join(src, ".git")):
        r = subprocess.run(["git", "-C", src, "ls-files", "-z", "-co", "--exclude-standard"],
                           stdout=subprocess.PIPE, check=True)
        return [f for f in r.stdout.decode().split("\0") if f and os.path.isfile(os.path.join(src, f))]
    files = []
    for d, dirs, names in os.walk(src):
        dirs[:] = [x for x in dirs if not x.startswith("_build") and x not in (".git", "autom4te.cache")]
        for n in names:
            files.append(os.path.relpath(os.path.join(d, n), src))
    return files


def changed_lines(src, rev):
    """{path: set(lines)} of lib/*.c lines changed since rev (working tree included)."""
    r = subprocess.run(["git", "-C", src, "diff", "-U0", "--no-color", rev, "--", "lib/*.c"],
                       stdout=subprocess.PIPE, check=True)
    res = {}
    cur = None
    for l in r.stdout.decode("utf-8", "replace").split("\n"):
        if l.startswith("+++ "):
            p = l[4:]
            cur = p[2:] if p.startswith("b/") else None
            if cur is not None:
                res.setdefault(cur, set())
        elif l.startswith("@@") and cur is not None:
            m = re.match(r"@@ -\S+ \+(\d+)(?:,(\d+))? @@", l)
            a = int(m.group(1))
            n = int(m.group(2)) if m.group(2) is not None else 1
            res[cur].update(range(a, a + n))
    r = subprocess.run(["git", "-C", src, "ls-files", "-o", "--exclude-standard", "--", "lib/*.c"],
                       stdout=subprocess.PIPE, check=True)
    for f in r.stdout.decode().split():
        res[f] = None  # a new file: every line
    return {k: v for k, v in res.items() if v is None or v}


class Worker:
    def __init__(self, n, root, template, args, tests):
        self.n = n
        self.tree = os.path.join(root, "w%d" % n)
        self.build = os.path.join(self.tree, "_build")
        self.args = args
        self.tests = tests
        self.template = template
        self.dirty = None  # path currently holding a mutant
        self.originals = {}

    def setup(self):
        shutil.copytree(self.template, self.tree, symlinks=True)
        os.makedirs(self.build)
        # --disable-shared: libtool then compiles each mutant once, not
        # twice (PIC and not); the tests link the static convenience library.
        rc, secs, out = run(["../configure", "--disable-python", "--disable-lua",
                             "--disable-shared", "CFLAGS=" + self.args.cflags],
                            self.build, timeout=900)
        if rc != 0:
            raise SystemExit("mutate: configure failed in %s:\n%s" % (self.build, out[-3000:]))
        rc, secs, out = run(["make", "-j%d" % self.args.make_jobs, "lib/libcommpolice-internal.la"]
                            + ["tests/unit/" + t for t in self.tests], self.build, timeout=1800)
        if rc != 0:
            raise SystemExit("mutate: the unmutated tree does not build:\n%s" % out[-3000:])

    def env(self, limit):
        e = dict(os.environ)
        e["top_srcdir"] = self.tree
        e["top_builddir"] = self.build
        e["CPOL_RULES_PATH"] = os.path.join(self.tree, "data", "regions")
        e["CK_DEFAULT_TIMEOUT"] = str(limit)
        for kv in self.args.env:
            k, _, v = kv.partition("=")
            e[k] = v
        return e

    def run_tests(self, order, timeouts, build_first=True):
        """('pass'|'fail'|'timeout'|'build', test, seconds per test)."""
        times = {}
        for k, t in enumerate(order):
            # The first test alone (most mutants die there), then the rest in one make.
            if build_first and k < 2:
                targets = order[:1] if k == 0 else order[1:]
                rc, _, out = run(["make", "-j1", "lib/libcommpolice-internal.la"]
                                 + ["tests/unit/" + x for x in targets],
                                 self.build, timeout=self.args.build_timeout)
                if rc != 0:
                    return "build", t, times, out
            limit = timeouts.get(t, self.args.timeout or 600)
            rc, secs, out = run([os.path.join(self.build, "tests", "unit", t)], self.build,
                                timeout=limit, env=self.env(limit), mem_mb=self.args.mem_mb)
            times[t] = secs
            if rc is None:
                return "timeout", t, times, out
            if rc != 0:
                return "fail", t, times, out
        return "pass", None, times, ""

    def write(self, relpath, text):
        p = os.path.join(self.tree, relpath)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)

    def apply(self, mutant, original):
        if self.dirty is not None and self.dirty != mutant.path:
            self.write(self.dirty, self.originals[self.dirty])
        self.originals[mutant.path] = original
        self.dirty = mutant.path
        self.write(mutant.path, mutant.apply(original))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(
        prog="tests/mutate.sh",
        description="Plant one-token mutants in library sources and run the C tests against each.")
    ap.add_argument("files", nargs="*", help="source files to mutate, relative to --src (lib/date.c)")
    ap.add_argument("--src", default=os.path.dirname(here),
                    help="source tree to test (default: the tree holding this script)")
    ap.add_argument("--since", metavar="REV",
                    help="mutate only the lib/*.c lines changed since git revision REV")
    ap.add_argument("--tests", default="",
                    help='C unit tests to run, e.g. "test_date test_rules" (default: all tests/unit/test_*.c)')
    ap.add_argument("--jobs", type=int, default=2, help="mutants run at once, each in its own copy (default 2)")
    ap.add_argument("--max", type=int, default=0, help="run at most N mutants, a random sample")
    ap.add_argument("--seed", type=int, default=1, help="seed of the --max sample (default 1)")
    ap.add_argument("--ops", default="cmp,arith,bool,const,return",
                    help="operators to use (default: cmp,arith,bool,const,return)")
    ap.add_argument("--timeout", type=int, default=0,
                    help="seconds per test program (default: 4x its unmutated time + 10)")
    ap.add_argument("--build-timeout", type=int, default=300)
    ap.add_argument("--env", action="append", default=[], metavar="VAR=VALUE",
                    help="set VAR in the tests' environment (repeatable), e.g."
                    " CPOL_ALLOC_ONLY=score to run test_alloc on one operation only")
    ap.add_argument("--mem-mb", type=int, default=2048,
                    help="address-space cap of each test program, in MiB (default 2048; 0: none)."
                    " A mutant that exceeds it fails its test: killed")
    ap.add_argument("--cflags", default="-O1 -g0",
                    help="CFLAGS of the copies (default -O1 -g0: quick to rebuild, quick to run)")
    ap.add_argument("--lines", default="",
                    help='only these lines, e.g. "lib/date.c:61,68 lib/rules_time.c:142"')
    ap.add_argument("--rerun", metavar="LOG",
                    help="only the mutants LOG (the output of an earlier run) reports as survivors:"
                    " after adding tests, what they kill")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--workdir", help="where to make the copies (default: a new temporary directory)")
    ap.add_argument("--fail-under", type=float, default=0,
                    help="exit 1 when the score (percent) is below this")
    args = ap.parse_args()
    src = os.path.abspath(args.src)
    ops = set(args.ops.split(","))

    if args.since:
        sel = changed_lines(src, args.since)
        if args.files:
            sel = {k: v for k, v in sel.items() if k in args.files}
    else:
        if not args.files:
            ap.error("name the files to mutate, or use --since REV")
        sel = {f: None for f in args.files}

    mutants = []
    originals = {}
    for path in sorted(sel):
        full = os.path.join(src, path)
        if not os.path.isfile(full):
            raise SystemExit("mutate: no such file: %s" % full)
        with open(full, encoding="utf-8") as f:
            text = f.read()
        originals[path] = text
        mutants += [m for m in find_mutants(path, text, sel[path]) if m.op in ops]
    if args.rerun:
        # The survivors of an earlier report, as it printed them.
        want = set()
        with open(args.rerun, encoding="utf-8") as f:
            for l in f:
                m = re.match(r"\[\d+/\d+\] SURVIVED by -: (.*)$", l.rstrip("\n"))
                if m:
                    want.add(m.group(1))
        mutants = [m for m in mutants if m.describe() in want]
    if args.lines:
        only = set()
        for spec in args.lines.split():
            f, _, ls = spec.rpartition(":")
            only.update((f, int(x)) for x in ls.split(","))
        mutants = [m for m in mutants if (m.path, m.line) in only]
    total_found = len(mutants)
    if args.max and len(mutants) > args.max:
        rnd = random.Random(args.seed)
        idx = sorted(rnd.sample(range(len(mutants)), args.max))
        mutants = [mutants[i] for i in idx]
    if args.list:
        for m in mutants:
            log(m.describe())
        log("%d mutants (%d found)" % (len(mutants), total_found))
        return 0
    if not mutants:
        log("mutate: no mutants in the selected lines")
        return 0

    all_tests = sorted(n[:-2] for n in os.listdir(os.path.join(src, "tests", "unit"))
                       if re.fullmatch(r"test_\w+\.c", n))
    tests = args.tests.split() if args.tests else all_tests
    for t in tests:
        if t not in all_tests:
            raise SystemExit("mutate: no C test %s in tests/unit" % t)

    # A terminated run still removes its copies (the finally clause below).
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    root = os.path.abspath(args.workdir) if args.workdir else tempfile.mkdtemp(prefix="cpol-mutate-")
    os.makedirs(root, exist_ok=True)
    args.make_jobs = 2
    stopping = []  # non-empty once the run ends: workers may fail as their copies go
    t_start = time.time()
    try:
        log("mutate: %d mutants in %s; copying %s to %s" % (
            len(mutants), " ".join(sorted(sel)), src, root))
        template = os.path.join(root, "template")
        for f in source_files(src):
            d = os.path.join(template, os.path.dirname(f))
            os.makedirs(d, exist_ok=True)
            shutil.copy2(os.path.join(src, f), os.path.join(template, f))
        rc, _, out = run(["autoreconf", "-fi"], template, timeout=900)
        if rc != 0:
            raise SystemExit("mutate: autoreconf failed:\n" + out[-3000:])
        njobs = max(1, min(args.jobs, len(mutants)))
        workers = [Worker(i, root, template, args, tests) for i in range(njobs)]
        log("mutate: configuring and building %d copies" % njobs)
        errs = []

        def setup(w):
            try:
                w.setup()
            except SystemExit as e:
                errs.append(str(e))
        th = [threading.Thread(target=setup, args=(w,)) for w in workers]
        for x in th:
            x.start()
        for x in th:
            x.join()
        if errs:
            raise SystemExit(errs[0])

        status, t, times, out = workers[0].run_tests(tests, {}, build_first=False)
        if status != "pass":
            raise SystemExit("mutate: %s fails without any mutant (%s):\n%s" % (t, status, out[-3000:]))
        timeouts = {k: args.timeout or int(4 * v + 10) for k, v in times.items()}
        log("mutate: unmutated tests pass in %.1f s; per-program time limits %s" % (
            sum(times.values()), ", ".join("%s %ds" % kv for kv in sorted(timeouts.items()))))

        # Tests that share the mutated module's name run first; afterwards
        # whichever test killed the most mutants so far, then the fastest.
        kills = {t: 0 for t in tests}

        def order_for(path):
            base = os.path.basename(path)[:-2]
            first = {"test_" + base, "test_" + base.split("_")[0]}
            return sorted(tests, key=lambda t: (t not in first, -kills[t], times[t]))

        results = []
        lock = threading.Lock()
        queue = list(enumerate(mutants))

        def work(w):
            try:
                work_on(w)
            except Exception:
                if not stopping:
                    raise

        def work_on(w):
            while True:
                with lock:
                    if not queue:
                        return
                    i, m = queue.pop(0)
                    order = order_for(m.path)
                w.apply(m, originals[m.path])
                status, t, _, _ = w.run_tests(order, timeouts)
                with lock:
                    if t and status != "pass":
                        kills[t] += 1
                    results.append((i, m, status, t))
                    mark = {"pass": "SURVIVED", "fail": "killed", "timeout": "killed (timeout)",
                            "build": "killed (does not build)"}[status]
                    log("[%d/%d] %s by %s: %s" % (len(results), len(mutants), mark, t or "-",
                                                  m.describe()))
        th = [threading.Thread(target=work, args=(w,), daemon=True) for w in workers]
        for x in th:
            x.start()
        for x in th:
            while x.is_alive():
                x.join(1)
    finally:
        stopping.append(1)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            log("mutate: work directory kept: %s" % root)

    results.sort(key=lambda r: r[0])
    survivors = [r for r in results if r[2] == "pass"]
    nobuild = [r for r in results if r[2] == "build"]
    timeouts_n = sum(1 for r in results if r[2] == "timeout")
    killed = len(results) - len(survivors)
    log("")
    log("== build failures (counted as killed): %d" % len(nobuild))
    for r in nobuild:
        log("  " + r[1].describe())
    log("== survivors: %d" % len(survivors))
    for r in survivors:
        log("  " + r[1].describe())
    score = 100.0 * killed / len(results)
    per_file = {}
    for r in results:
        k, n = per_file.get(r[1].path, (0, 0))
        per_file[r[1].path] = (k + (r[2] != "pass"), n + 1)
    for p, (k, n) in sorted(per_file.items()):
        log("== %s: %d/%d killed (%.1f%%)" % (p, k, n, 100.0 * k / n))
    log("== score: %d/%d killed (%.1f%%); %d by timeout, %d do not build; %.0f s" % (
        killed, len(results), score, timeouts_n, len(nobuild), time.time() - t_start))
    if args.fail_under and score < args.fail_under:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
