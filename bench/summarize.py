#!/usr/bin/env python3
"""bench/summarize.py - turn bench/run's measurements into the report.

    bench/summarize.py RESULTS.tsv META.env OUT.md

RESULTS.tsv: one step a line, tab-separated:
    key  label  status  median_s  peak_rss_kb  runs  detail
(status "ok", or the reason the step has no number, e.g. "n/a (not built
yet)"). META.env: KEY=VALUE lines about the run (size, bytes, machine...).
Prints the plain-text report on stdout and writes the same as a Markdown
section to OUT.md, which bench/run appends to docs/performance.md.

The ratios are the ones issue 7 states its targets in; a ratio whose
inputs are missing is printed as n/a, never guessed.
"""

import sys

TARGETS = [
    # name, numerator, denominator, target text, check(value) -> bool, format
    ("ingest / rg -c -f", "ingest", "rg", "<= 3", lambda v: v <= 3, "%.2f x"),
    ("pcre2-only / ingest", "pcre2", "ingest", ">= 8", lambda v: v >= 8, "%.2f x"),
    ("python baseline / ingest", "python", "ingest", ">= 200", lambda v: v >= 200, "%.1f x"),
    ("re-ingest / ingest", "reingest", "ingest", "<= 5 %", lambda v: v <= 0.05, "pct"),
    ("4x pack / ingest", "pack4x", "ingest", "<= 1.5", lambda v: v <= 1.5, "%.2f x"),
    ("ingest / cat (warm)", "ingest", "cat", "(physical limit)", None, "%.1f x"),
    ("ingest, cold prefilter cache / rg", "cold", "rg", "(first run of a pack)", None, "%.2f x"),
    ("ingest --jobs 1 / ingest", "jobs1", "ingest", "(thread speed-up)", None, "%.2f x"),
]


def load(results, meta):
    steps = []
    with open(results, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 7:
                continue
            steps.append({"key": p[0], "label": p[1], "status": p[2],
                          "t": float(p[3]) if p[3] else None,
                          "rss": int(p[4]) if p[4] else None, "runs": p[5], "detail": p[6]})
    env = {}
    with open(meta, encoding="utf-8") as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                env[k] = v
    return steps, env


def main(argv):
    steps, env = load(argv[1], argv[2])
    by = {s["key"]: s for s in steps}
    mb = int(env.get("BYTES", "0") or 0) / 1e6
    rows = []
    for s in steps:
        if s["status"] == "ok" and s["t"] is not None:
            rate = ("%.1f" % (mb / s["t"])) if s["t"] > 0 and s["key"] not in ("report", "fill") else ""
            rows.append((s["label"], "%.3f" % s["t"],
                         "%.1f" % (s["rss"] / 1024) if s["rss"] else "", rate, s["runs"], s["detail"]))
        else:
            rows.append((s["label"], s["status"], "", "", s["runs"], s["detail"]))

    ratios = []

    def t(key):
        s = by.get(key)
        return s["t"] if s and s["status"] == "ok" and s["t"] else None
    for name, a, b, target, check, fmt in TARGETS:
        ta, tb = t(a), t(b)
        if ta is None or tb is None:
            ratios.append((name, "n/a", target, ""))
            continue
        v = ta / tb
        text = ("%.1f %%" % (100 * v)) if fmt == "pct" else fmt % v
        verdict = "" if check is None else ("met" if check(v) else "MISSED")
        if check is not None and env.get("STANDIN") == "1":
            verdict = "(stand-in rules: no verdict)"
        ratios.append((name, text, target, verdict))
    rep = t("report")
    verdict = "" if rep is None else ("met" if rep <= 1 else "MISSED")
    if rep is not None and env.get("STANDIN") == "1":
        verdict = "(stand-in rules: no verdict)"
    ratios.append(("report --period week, seconds", "%.3f s" % rep if rep is not None else "n/a",
                   "<= 1 s", verdict))
    ing = by.get("ingest")
    if ing and ing["status"] == "ok" and ing["rss"]:
        big = int(env.get("BYTES", "0") or 0) >= 900 * 1000 * 1000
        ratios.append(("ingest peak RSS", "%.1f MB" % (ing["rss"] / 1024),
                       "<= 150 MB at 1 GB",
                       ("met" if ing["rss"] / 1024 <= 150 else "MISSED") if big
                       else "(judged at 1 GB only)"))
    else:
        ratios.append(("ingest peak RSS", "n/a", "<= 150 MB at 1 GB", ""))

    head = [
        "size %s (%s bytes, %s notes, %s planted signals), seed %s, runs %s (baseline %s)"
        % (env.get("SIZE"), env.get("BYTES"), env.get("NOTES"), env.get("PLANTED"),
           env.get("SEED"), env.get("RUNS"), env.get("BASE_RUNS")),
        "rules: %s" % env.get("RULES_DESC", "?"),
        "coalesce: %s" % env.get("COALESCE_DESC", "?"),
        "machine: %s; load average at start %s" % (env.get("MACHINE", "?"), env.get("LOAD", "?")),
    ]
    cols = ("step", "median s", "peak RSS MB", "MB/s", "runs", "detail")
    widths = [max(len(str(r[i])) for r in rows + [cols]) for i in range(5)]

    out = []
    out.extend(head)
    out.append("")
    out.append("  ".join(str(c).ljust(widths[i]) if i < 5 else str(c) for i, c in enumerate(cols)))
    for r in rows:
        out.append("  ".join(str(c).ljust(widths[i]) if i < 5 else str(c) for i, c in enumerate(r)))
    out.append("")
    out.append("ratios (issue 7 targets):")
    w = max(len(r[0]) for r in ratios)
    for name, v, target, verdict in ratios:
        out.append("  %s  %-12s target %-18s %s" % (name.ljust(w), v, target, verdict))
    print("\n".join(out))

    md = ["## %s, %s" % (env.get("DATE", "?"), env.get("LABEL", "bench/run")), ""]
    md.append("Command: `%s`" % env.get("COMMAND", "bench/run"))
    md.append("")
    for h in head:
        md.append("- " + h)
    md.append("- memory: %s" % env.get("FREE", "?"))
    md.append("")
    md.append("| step | median s | peak RSS MB | MB/s | runs | detail |")
    md.append("|---|---:|---:|---:|---:|---|")
    for r in rows:
        md.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    md.append("")
    md.append("| ratio | value | target | |")
    md.append("|---|---:|---|---|")
    for r in ratios:
        md.append("| " + " | ".join(r) + " |")
    md.append("")
    with open(argv[3], "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
