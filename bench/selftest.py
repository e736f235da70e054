#!/usr/bin/env python3
"""bench/selftest.py - checks of the benchmark's own tools.

    bench/selftest.py

Runs in a few seconds, in a temporary directory:
- bench/gen is deterministic (two runs, same seed: same bytes; another seed:
  other bytes) and plants signals at about one per 2 KB;
- the small YAML reader reads rule files as PyYAML does (when PyYAML is
  installed), including block scalars, comments, `- re:` mappings and
  quoted scalars;
- `rulepack.py scale` writes copies whose ids are renamed and whose patterns
  still find what the originals find (with Python's re);
- PCRE2-to-Python translation of the syntax the two spell differently;
- bench/baseline.py stores the hits it prints, and bench/fill_signals.py
  grows a database to the asked number of rows in both of its modes.
Prints "N passed, M failed" and exits 1 on any failure.
"""

import hashlib
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import rulepack  # noqa: E402

passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL %s %s" % (name, detail))


def tree_hash(d):
    h = hashlib.sha256()
    for root, dirs, files in os.walk(d):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            h.update(os.path.relpath(p, d).encode())
            with open(p, "rb") as fh:
                h.update(fh.read())
    return h.hexdigest()


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=False)


RULE = """# a comment
id: t.sample
version: 2
signal: credit   # trailing comment
polarity: positive
weight: 1.5
scope: sentence
caseless: false
message: >
  folded text
  over two lines
rationale: |
  literal
  text
match:
  - '\\bthanks\\s+to\\s+(?<who>\\w+)\\b'
  - \\bcredit\\s+to\\b
  - 'it''s # not a comment'
require:
  - re: '\\bfor\\b'
    in: after
    chars: 40
unless:
  - re: '\\bcard\\b'
examples:
  match:
    - 'Thanks to José for the fix.'
  no_match:
    - "Thanks, everyone."
"""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        gen = os.path.join(HERE, "gen")
        a, b, c = (os.path.join(tmp, x) for x in "abc")
        ra = run(gen, "--size", "2M", "--seed", "5", "--out", a)
        run(gen, "--size", "2M", "--seed", "5", "--out", b)
        run(gen, "--size", "2M", "--seed", "6", "--out", c)
        check("gen runs", ra.returncode == 0, ra.stderr)
        check("gen same seed same bytes", tree_hash(a) == tree_hash(b))
        check("gen other seed other bytes", tree_hash(a) != tree_hash(c))
        check("gen refuses an existing archive",
              run(gen, "--size", "1M", "--out", a).returncode != 0)
        import json
        with open(os.path.join(a, "bench-manifest.json"), encoding="utf-8") as f:
            m = json.load(f)
        per = m["bytes"] / max(1, m["planted_total"])
        check("gen density about one signal per 2 KB", 1500 <= per <= 2800, "%.0f" % per)
        check("gen size reached", m["bytes"] >= 2 << 20)
        sizes = []
        for root, _, files in os.walk(os.path.join(a, "notes")):
            sizes += [os.path.getsize(os.path.join(root, f)) for f in files]
        check("gen note sizes 1-20 KB", min(sizes) >= 1000 and max(sizes) <= 24 * 1024,
              "%d..%d" % (min(sizes), max(sizes)))
        big = ""
        for r, _, fs in os.walk(os.path.join(a, "notes")):
            for f in fs:
                big += open(os.path.join(r, f), encoding="utf-8").read()
        for needle in ("ACTION: ", "## Decisions", "\nattendees:\n", "**", "\n- [ ] "):
            check("gen writes %r" % needle, needle in big)
        check("gen writes accented names", all(n in big for n in ("José", "Zoë", "Bjørn")))
        check("gen initials speaker style", re.search(r"^[A-ZÀ-Þ]{2}: ", big, re.M) is not None)

        # YAML subset reader against PyYAML.
        mini = rulepack._Reader(RULE).parse()
        check("mini yaml match list", mini["match"] == [
            r"\bthanks\s+to\s+(?<who>\w+)\b", r"\bcredit\s+to\b", "it's # not a comment"],
            repr(mini.get("match")))
        check("mini yaml mapping items", mini["require"] == [
            {"re": r"\bfor\b", "in": "after", "chars": 40}], repr(mini.get("require")))
        check("mini yaml scalars", mini["weight"] == 1.5 and mini["caseless"] is False
              and mini["version"] == 2 and mini["signal"] == "credit")
        check("mini yaml block scalars", mini["message"] == "folded text over two lines\n"
              and mini["rationale"] == "literal\ntext\n", repr((mini["message"], mini["rationale"])))
        if rulepack._yaml is not None:
            check("mini yaml equals PyYAML", mini == rulepack._yaml.safe_load(RULE))
            for _, _, p in rulepack.rule_files([os.path.join(HERE, "sample-rules")]):
                t = open(p, encoding="utf-8").read()
                check("mini yaml equals PyYAML on " + os.path.basename(p),
                      rulepack._Reader(t).parse() == rulepack._yaml.safe_load(t))

        # Translation.
        t = rulepack.pcre_to_python(r"(?<who>\w+)\h\k<who>\p{Lu}\QA.B\E\z")
        check("pcre to python", t == r"(?P<who>\w+)[ \t](?P=who)[A-ZÀ-ÖØ-ÞĀ-Ž]A\.B\Z", t)
        check("pcre to python compiles", re.compile(t) is not None)
        check("rg prefix", rulepack.pcre_to_rg(r"\bx\b", True) == r"(?-u)(?i)\bx\b")

        # Scaling the pack.
        src = os.path.join(tmp, "rules")
        os.makedirs(os.path.join(src, "t"))
        with open(os.path.join(src, "t", "sample.yml"), "w", encoding="utf-8") as f:
            f.write(RULE)
        out = os.path.join(tmp, "pack4")
        files, pats = rulepack.scale_pack(src, out, 4)
        check("scale counts", (files, pats) == (3, 9), repr((files, pats)))
        rules = rulepack.load_rules([out])
        check("scale ids", sorted(r["id"] for r in rules) == ["tx2.sample", "tx3.sample", "tx4.sample"],
              repr([r["id"] for r in rules]))
        orig = rulepack.load_rules([src])[0]
        for r in rules:
            check("scale keeps require", r["require"] == orig["require"])
            for po, pv in zip(orig["match"], r["match"]):
                s = "Thanks to Zoë for it, credit to Bjørn; it's # not a comment"
                fo = [m.span() for m in re.finditer(rulepack.pcre_to_python(po), s)]
                fv = [m.span() for m in re.finditer(rulepack.pcre_to_python(pv), s)]
                check("scaled pattern finds the same", fo == fv and pv != po, pv)

        # Baseline and filler.
        db = os.path.join(tmp, "base.sqlite")
        rb = run(sys.executable, os.path.join(HERE, "baseline.py"), "--rules",
                 os.path.join(HERE, "sample-rules"), "--db", db, os.path.join(a, "notes"))
        check("baseline runs", rb.returncode == 0, rb.stderr)
        mm = re.search(r"(\d+) notes, \d+ bytes, (\d+) hits", rb.stdout)
        con = sqlite3.connect(db)
        check("baseline stores what it prints", mm is not None and
              con.execute("SELECT count(*) FROM hits").fetchone()[0] == int(mm.group(2)) and
              con.execute("SELECT count(*) FROM notes").fetchone()[0] == int(mm.group(1)),
              rb.stdout)
        check("baseline finds hits", mm is not None and int(mm.group(2)) > 100)
        check("baseline excepts", con.execute(
            "SELECT count(*) FROM hits WHERE status='excepted'").fetchone()[0] > 0)
        con.close()

        fdb = os.path.join(tmp, "fill.db")
        con = sqlite3.connect(fdb)
        con.executescript("""
            CREATE TABLE notes(id INTEGER PRIMARY KEY, date TEXT);
            CREATE TABLE rules(id TEXT PRIMARY KEY, version INTEGER, signal TEXT,
                               polarity TEXT, weight REAL);
            CREATE TABLE signals(id INTEGER PRIMARY KEY, note_id INTEGER NOT NULL,
              rule_id TEXT NOT NULL, rule_version INTEGER NOT NULL, signal TEXT NOT NULL,
              polarity TEXT NOT NULL, weight REAL NOT NULL, status TEXT NOT NULL,
              line INTEGER NOT NULL, col INTEGER NOT NULL, excerpt TEXT, speaker TEXT,
              groups TEXT);
            INSERT INTO notes(date) VALUES ('2024-01-01'), ('2024-01-09'), ('2024-02-01');
        """)
        con.commit()
        con.close()
        fill = os.path.join(HERE, "fill_signals.py")
        r1 = run(sys.executable, fill, fdb, "5000")
        r2 = run(sys.executable, fill, fdb, "12000")
        con = sqlite3.connect(fdb)
        n = con.execute("SELECT count(*) FROM signals").fetchone()[0]
        spread = con.execute("SELECT count(DISTINCT note_id), count(DISTINCT signal) "
                             "FROM signals").fetchone()
        con.close()
        check("fill synthetic then copies", r1.returncode == 0 and r2.returncode == 0
              and "synthetic" in r1.stdout and "copies" in r2.stdout, r1.stdout + r2.stdout + r2.stderr)
        check("fill reaches the target", n == 12000, str(n))
        check("fill spreads over notes and signals", spread == (3, 14), repr(spread))

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
