#!/usr/bin/env python3
"""bench/fill_signals.py - grow a coalesce database to N evidence rows.

    bench/fill_signals.py DB N [--seed S]

The report target of issue 7 is stated at one million evidence rows; a
100 MB archive with the default pack yields far fewer, and ingesting 1 GB+
only to get rows would take the benchmark too long. So this copies
evidence directly into `signals` with SQL until it holds N rows:

- when the database already holds evidence, new rows are copies of
  existing rows (every column, so columns added to `signals` after schema
  v1 are carried along), each moved to a random stored note with a random
  line and column: the mix of rules, signals and statuses stays that of the
  real run, spread over the archive's weeks;
- when it holds none (no rules engine yet), rows are made from the
  `rules` table, or failing that from the default pack's signal names of
  issue 4, with the schema v1 columns.

Deterministic for a given database and seed. Prints "fill: A -> B rows in
T s (how)". Exit 0, or 1 with a message when the schema cannot take rows
this way (e.g. a new NOT NULL column without a default and no template).
"""

import sqlite3
import sys
import time

SIGNALS = [  # issue 4's default pack, with polarity
    ("context", "positive"), ("outcome", "positive"), ("tradeoff", "positive"),
    ("stop_condition", "positive"), ("decision_rights", "positive"),
    ("decision", "positive"), ("commitment", "positive"), ("early_warning", "positive"),
    ("credit", "positive"), ("vague_agreement", "neutral"),
    ("selective_information", "negative"), ("loyalty_test", "negative"),
    ("gossip", "negative"), ("late_recruitment", "negative"),
]


def main(argv):
    if len(argv) < 3:
        print("usage: fill_signals.py DB N [--seed S]", file=sys.stderr)
        return 64
    path, target = argv[1], int(argv[2])
    seed = int(argv[4]) if len(argv) >= 5 and argv[3] == "--seed" else 1
    t0 = time.monotonic()
    db = sqlite3.connect(path)
    # Rows land at random notes: a cache big enough for the indexes keeps
    # this from thrashing (the default 2 MB makes it three times slower).
    db.execute("PRAGMA cache_size = -262144")
    have = db.execute("SELECT count(*) FROM signals").fetchone()[0]
    if have >= target:
        print("fill: %d -> %d rows in 0.0 s (already enough)" % (have, have))
        return 0
    note_ids = [r[0] for r in db.execute("SELECT id FROM notes ORDER BY id")]
    if not note_ids:
        print("fill: %s holds no notes" % path, file=sys.stderr)
        return 1
    cols = [(r[1], r[3], r[4]) for r in db.execute("PRAGMA table_info(signals)")]
    names = [c[0] for c in cols if c[0] != "id"]
    need = target - have
    # Rows are made in SQL (a recursive counter joined to numbered note ids
    # and numbered template rows): ten times faster than executemany from
    # Python. Spreading uses multiplicative hashing of the counter, so the
    # result depends only on the database and the seed.
    db.execute("CREATE TEMP TABLE nid(k INTEGER PRIMARY KEY, id INTEGER NOT NULL)")
    db.executemany("INSERT INTO nid VALUES (?, ?)", enumerate(note_ids))
    if have:
        how = "copies of the %d real evidence rows" % have
        db.execute("CREATE TEMP TABLE tpl AS SELECT %s FROM signals ORDER BY id LIMIT 20000"
                   % ", ".join(names))
        sel = ", ".join({"note_id": "n.id", "line": "1 + (c.i * 37 %% 200)",
                         "col": "1 + (c.i * 11 %% 80)"}.get(c, "t." + c) for c in names)
        sel = sel.replace("%%", "%")
        tpl_n = db.execute("SELECT count(*) FROM tpl").fetchone()[0]
        db.execute("CREATE TEMP TABLE tpk AS SELECT rowid - 1 AS k, * FROM tpl")
        insert_cols = names
    else:
        known = {"note_id", "rule_id", "rule_version", "signal", "polarity", "weight",
                 "status", "line", "col", "excerpt", "speaker", "groups"}
        missing = [c[0] for c in cols if c[0] != "id" and c[0] not in known
                   and c[1] and c[2] is None]
        if missing:
            print("fill: signals has required columns %s and no row to copy"
                  % ", ".join(missing), file=sys.stderr)
            return 1
        kinds = [(r[0], r[1], r[2], r[3], r[4]) for r in db.execute(
            "SELECT id, version, signal, polarity, weight FROM rules")]
        if kinds:
            how = "made from the %d rules in the rules table" % len(kinds)
        else:
            kinds = [("bench." + s, 1, s, p, 1.0 if p != "negative" else 2.0) for s, p in SIGNALS]
            how = "synthetic, over the %d signal names of issue 4 (no rules in the database)" \
                % len(kinds)
        statuses = ["counted"] * 17 + ["excepted", "excepted", "capped"]
        db.execute("CREATE TEMP TABLE tpk(k INTEGER PRIMARY KEY, rule_id, rule_version, signal,"
                   " polarity, weight, status, excerpt)")
        rows = []
        for k in range(len(kinds) * len(statuses)):
            kd = kinds[k % len(kinds)]
            rows.append((k, kd[0], kd[1], kd[2], kd[3], kd[4], statuses[k // len(kinds)],
                         "bench filler evidence for %s" % kd[2]))
        db.executemany("INSERT INTO tpk VALUES (?,?,?,?,?,?,?,?)", rows)
        tpl_n = len(rows)
        insert_cols = ["note_id", "rule_id", "rule_version", "signal", "polarity", "weight",
                       "status", "line", "col", "excerpt"]
        sel = ("n.id, t.rule_id, t.rule_version, t.signal, t.polarity, t.weight, t.status,"
               " 1 + (c.i * 37 % 200), 1 + (c.i * 11 % 80), t.excerpt")
    a = 2654435761  # a prime: visits every note whatever their number
    sql = ("WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i + 1 < %d) "
           "INSERT INTO signals(%s) SELECT %s FROM c "
           "JOIN nid n ON n.k = (c.i * %d + %d) %% %d "
           "JOIN tpk t ON t.k = ((c.i * 40503 + %d) / 7) %% %d"
           % (need, ", ".join(insert_cols), sel, a, seed, len(note_ids), seed, tpl_n))
    try:
        with db:
            db.execute(sql)
    except sqlite3.Error as e:
        print("fill: %s: %s" % (path, e), file=sys.stderr)
        return 1
    total = db.execute("SELECT count(*) FROM signals").fetchone()[0]
    db.close()
    print("fill: %d -> %d rows in %.1f s (%s)" % (have, total, time.monotonic() - t0, how))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
