#!/usr/bin/env python3
"""bench/baseline.py - the script a user would write instead of coalesce.

    bench/baseline.py --rules DIR [--rules DIR]... --db OUT.sqlite NOTES_DIR

Walks NOTES_DIR, reads every .md/.markdown/.txt note, runs every rule's
`match` patterns with Python's `re`, checks `require`, `unless` and
`section` around each hit, and stores the notes and their hits in SQLite.
It is the honest competitor of issue 7, not a straw man: patterns are
compiled once, line numbers come from a bisect over line starts, hits go in
with executemany, and the whole run is one transaction.

Where it is simpler than coalesce (and so, if anything, faster): a rule's
unit is the hit's line for line/sentence/item scopes, the blank-line
paragraph for `paragraph`, and the whole note for `section`/`note`; no
speaker attribution, no per-unit UTF-8 work. PCRE2 syntax that Python
spells differently is translated (rulepack.pcre_to_python); a pattern
Python cannot compile is left out and counted on stderr.

Prints one line: "baseline: N notes, M bytes, H hits (C counted), S
patterns skipped".
"""

import argparse
import bisect
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rulepack  # noqa: E402

HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.M)
NOTE_EXT = (".md", ".markdown", ".txt")


def compile_rules(rules):
    """[(rule, [match re], [(require re, in, chars)], [(unless ...)], section re)]."""
    out = []
    skipped = 0

    def comp(p, caseless):
        nonlocal skipped
        try:
            return re.compile(rulepack.pcre_to_python(p), re.IGNORECASE if caseless else 0)
        except (re.error, ValueError) as e:
            skipped += 1
            print("baseline: skipped pattern %r: %s" % (p, e), file=sys.stderr)
            return None

    for r in rules:
        if not r["enabled"]:
            continue
        cl = r["caseless"]
        ms = [c for c in (comp(p, cl) for p in r["match"]) if c]
        if not ms:
            continue
        req = [(comp(x["re"], cl), x["in"], x["chars"]) for x in r["require"]]
        unl = [(comp(x["re"], cl), x["in"], x["chars"]) for x in r["unless"]]
        sec = comp(r["section"], cl) if r["section"] else None
        out.append((r, ms, [x for x in req if x[0]], [x for x in unl if x[0]], sec))
    return out, skipped


def unit(text, start, end, scope):
    """The (start, end) of the unit around a hit."""
    if scope in ("section", "note"):
        return 0, len(text)
    if scope == "paragraph":
        a = text.rfind("\n\n", 0, start)
        b = text.find("\n\n", end)
        return (0 if a < 0 else a + 2), (len(text) if b < 0 else b)
    a = text.rfind("\n", 0, start)
    b = text.find("\n", end)
    return a + 1, (len(text) if b < 0 else b)


def context_matches(rx, where, chars, text, us, ue, ms, me):
    if where == "before":
        return rx.search(text, max(us, ms - chars), ms) is not None
    if where == "after":
        return rx.search(text, me, min(ue, me + chars)) is not None
    if where == "note":
        return rx.search(text) is not None
    return rx.search(text, us, ue) is not None


def scan(text, compiled):
    """Yield (rule, status, line, col, excerpt) for every hit in text."""
    starts = None
    heads = None
    for r, ms, req, unl, sec in compiled:
        n = 0
        for rx in ms:
            for m in rx.finditer(text):
                s, e = m.span()
                us, ue = unit(text, s, e, r["scope"])
                if sec is not None:
                    if heads is None:
                        heads = [(h.start(), h.group(1)) for h in HEADING.finditer(text)]
                    i = bisect.bisect_right(heads, (s, "\uffff")) - 1
                    if i < 0 or not sec.search(heads[i][1]):
                        continue
                if not all(context_matches(x, w, c, text, us, ue, s, e) for x, w, c in req):
                    continue
                status = "counted"
                if any(context_matches(x, w, c, text, us, ue, s, e) for x, w, c in unl):
                    status = "excepted"
                elif r["max_per_note"] and n >= r["max_per_note"]:
                    status = "capped"
                if status == "counted":
                    n += 1
                if starts is None:
                    starts = _line_starts(text)
                ln = bisect.bisect_right(starts, s)
                yield r, status, ln, s - starts[ln - 1] + 1, text[us:ue][:300]


def _line_starts(text):
    out = [0]
    i = text.find("\n")
    while i >= 0:
        out.append(i + 1)
        i = text.find("\n", i + 1)
    return out


def main():
    ap = argparse.ArgumentParser(description="Python re + sqlite3 baseline for bench/run.")
    ap.add_argument("--rules", action="append", required=True, help="rule pack directory")
    ap.add_argument("--db", required=True, help="SQLite database to create (replaced)")
    ap.add_argument("notes", help="notes directory")
    a = ap.parse_args()

    rules = rulepack.load_rules(a.rules, warn=lambda msg: print("baseline: " + msg, file=sys.stderr))
    compiled, skipped = compile_rules(rules)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(a.db + suffix):
            os.remove(a.db + suffix)
    db = sqlite3.connect(a.db)
    db.executescript("""
        CREATE TABLE notes(id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL,
                           size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL);
        CREATE TABLE hits(note_id INTEGER NOT NULL REFERENCES notes(id), rule_id TEXT NOT NULL,
                          signal TEXT NOT NULL, polarity TEXT NOT NULL, weight REAL NOT NULL,
                          status TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL,
                          excerpt TEXT);
    """)
    n_notes = n_bytes = n_hits = n_counted = 0
    batch = []
    db.execute("BEGIN")
    for root, dirs, files in os.walk(a.notes):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(NOTE_EXT):
                continue
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                data = f.read()
            st = os.stat(path)
            text = data.decode("utf-8", errors="replace")
            cur = db.execute("INSERT INTO notes(path, size, mtime_ns) VALUES (?,?,?)",
                             (path, len(data), st.st_mtime_ns))
            note_id = cur.lastrowid
            n_notes += 1
            n_bytes += len(data)
            for r, status, ln, col, excerpt in scan(text, compiled):
                batch.append((note_id, r["id"], r["signal"], r["polarity"], r["weight"],
                              status, ln, col, excerpt))
                n_counted += status == "counted"
            if len(batch) >= 10000:
                db.executemany("INSERT INTO hits VALUES (?,?,?,?,?,?,?,?,?)", batch)
                n_hits += len(batch)
                batch.clear()
    db.executemany("INSERT INTO hits VALUES (?,?,?,?,?,?,?,?,?)", batch)
    n_hits += len(batch)
    db.execute("CREATE INDEX hits_note ON hits(note_id)")
    db.commit()
    db.close()
    print("baseline: %d notes, %d bytes, %d hits (%d counted), %d rules, %d patterns skipped"
          % (n_notes, n_bytes, n_hits, n_counted, len(compiled), skipped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
