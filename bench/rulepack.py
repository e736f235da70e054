#!/usr/bin/env python3
"""bench/rulepack.py - read coalesce rule files for the benchmark tools.

The benchmark needs the rule pack's patterns outside coalesce: for ripgrep
(`rg -c -f`), for the Python baseline (bench/baseline.py) and to build a
pack four times larger. This module reads `<dir>/<pack>/<name>.yml` (and
`<dir>/<name>.yml`) the way docs/rules.md describes them (issue 4) and
returns plain dicts; it does not validate rules (coalesce does that).

YAML: PyYAML's safe_load when it is installed, else a small reader for
the subset rule files use (block mappings and sequences, plain, single- and
double-quoted scalars, `|`/`>` block scalars, comments). The rule format
forbids flow-style lists and double-quoted patterns, so that subset is
enough; a file the small reader cannot read is reported and skipped.

Command line (used by bench/run):
  rulepack.py rg-patterns OUT DIR...  write one `(?-u)` pattern a line for
                                      rg -f; print how many
  rulepack.py scale SRC OUT K         write K-1 renamed, varied copies of the
                                      packs under SRC into OUT; print
                                      "FILES PATTERNS"
  rulepack.py count DIR...            print "RULES PATTERNS"
"""

import os
import re
import sys

try:
    import yaml as _yaml  # PyYAML, when present
except ImportError:  # pragma: no cover - depends on the machine
    _yaml = None


# ---------------------------------------------------------------- mini YAML

class MiniYamlError(Exception):
    pass


def _strip_comment(s):
    """Remove a trailing ' # comment' that is outside quotes."""
    q = None
    i = 0
    while i < len(s):
        ch = s[i]
        if q:
            if ch == "\\" and q == '"':
                i += 1
            elif ch == q and q == "'" and s[i + 1:i + 2] == "'":
                i += 1  # '' is an escaped quote inside single quotes
            elif ch == q:
                q = None
        elif ch in "'\"" and (i == 0 or s[i - 1] in " \t-:[{,"):
            q = ch
        elif ch == "#" and (i == 0 or s[i - 1] in " \t"):
            return s[:i].rstrip()
        i += 1
    return s.rstrip()


def _scalar(text, line_no):
    t = text.strip()
    if not t:
        return None
    if t[0] == "'":
        if len(t) < 2 or t[-1] != "'":
            raise MiniYamlError("line %d: unterminated single-quoted scalar" % line_no)
        return t[1:-1].replace("''", "'")
    if t[0] == '"':
        if len(t) < 2 or t[-1] != '"':
            raise MiniYamlError("line %d: unterminated double-quoted scalar" % line_no)
        body = t[1:-1]
        esc = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "0": "\0", "\\": "\\",
               '"': '"', "/": "/", " ": " "}
        return re.sub(r"\\(.)", lambda m: esc.get(m.group(1), m.group(1)), body)
    if t in ("[]",):
        return []
    if t in ("{}",):
        return {}
    if t[0] in "[{":
        raise MiniYamlError("line %d: flow collections are not supported" % line_no)
    low = t.lower()
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    if low in ("null", "~"):
        return None
    if re.fullmatch(r"[-+]?\d+", t):
        return int(t)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?", t):
        return float(t)
    return t


def _split_key(s):
    """'key: value' -> (key, value) outside quotes, or None."""
    q = None
    for i, ch in enumerate(s):
        if q:
            if ch == q:
                q = None
        elif ch in "'\"" and i == 0:
            q = ch
        elif ch == ":" and (i + 1 == len(s) or s[i + 1] in " \t"):
            key = s[:i].strip()
            if key[:1] in "'\"":
                key = key[1:-1]
            return key, s[i + 1:].strip()
    return None


class _Reader:
    def __init__(self, text):
        self.raw = text.split("\n")
        self.lines = []  # (indent, content, line_no, raw_index)
        for n, line in enumerate(self.raw):
            if line.strip() in ("---", "...") and not line.startswith(" "):
                continue
            c = _strip_comment(line)
            if not c.strip():
                continue
            self.lines.append((len(c) - len(c.lstrip(" ")), c.strip(), n + 1, n))

    def block_scalar(self, indicator, parent_indent, raw_index):
        out = []
        i = raw_index + 1
        block_indent = None
        while i < len(self.raw):
            line = self.raw[i]
            if line.strip():
                ind = len(line) - len(line.lstrip(" "))
                if ind <= parent_indent:
                    break
                if block_indent is None:
                    block_indent = ind
                out.append(line[block_indent:])
            else:
                out.append("")
            i += 1
        while out and out[-1] == "":
            out.pop()
        # Skip the lines we consumed in the logical list.
        while self.pos < len(self.lines) and self.lines[self.pos][3] < i:
            self.pos += 1
        if indicator.startswith(">"):
            text = re.sub(r"(?<=\S)\n(?=\S)", " ", "\n".join(out))
        else:
            text = "\n".join(out)
        return text if indicator.endswith("-") else text + "\n"

    def parse(self):
        self.pos = 0
        if not self.lines:
            return None
        return self.node(self.lines[0][0])

    def node(self, indent):
        ind, content, _, _ = self.lines[self.pos]
        if content == "-" or content.startswith("- "):
            return self.seq(ind)
        return self.mapping(ind)

    def value_after(self, rest, ind, line_no, raw_index, seq_ok):
        """The value of `key:` whose text after the colon is `rest`."""
        if rest and rest[0] in "|>":
            return self.block_scalar(rest, ind, raw_index)
        if rest:
            return _scalar(rest, line_no)
        if self.pos < len(self.lines):
            nind, ncontent, _, _ = self.lines[self.pos]
            if nind > ind or (seq_ok and nind == ind and
                              (ncontent == "-" or ncontent.startswith("- "))):
                return self.node(nind)
        return None

    def mapping(self, indent):
        out = {}
        while self.pos < len(self.lines):
            ind, content, line_no, raw_index = self.lines[self.pos]
            if ind < indent or content.startswith("- ") or content == "-":
                break
            if ind > indent:
                raise MiniYamlError("line %d: unexpected indentation" % line_no)
            kv = _split_key(content)
            if kv is None:
                raise MiniYamlError("line %d: expected 'key: value'" % line_no)
            self.pos += 1
            out[kv[0]] = self.value_after(kv[1], ind, line_no, raw_index, True)
        return out

    def seq(self, indent):
        out = []
        while self.pos < len(self.lines):
            ind, content, line_no, raw_index = self.lines[self.pos]
            if ind != indent or not (content == "-" or content.startswith("- ")):
                break
            rest = content[1:].strip()
            if not rest:
                self.pos += 1
                if self.pos < len(self.lines) and self.lines[self.pos][0] > indent:
                    out.append(self.node(self.lines[self.pos][0]))
                else:
                    out.append(None)
                continue
            kv = _split_key(rest) if rest[0] not in "'\"" else None
            if kv is not None:
                # "- key: value" opens a mapping indented at the key.
                self.lines[self.pos] = (indent + 2, rest, line_no, raw_index)
                out.append(self.mapping(indent + 2))
            else:
                self.pos += 1
                out.append(_scalar(rest, line_no))
        return out


def load_yaml(text):
    if _yaml is not None:
        return _yaml.safe_load(text)
    return _Reader(text).parse()


# ---------------------------------------------------------------- rules

def rule_files(dirs):
    """(pack, name, path) for every rule file under dirs, sorted."""
    out = []
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for entry in sorted(os.listdir(d)):
            p = os.path.join(d, entry)
            if os.path.isdir(p) and not entry.startswith("."):
                for f in sorted(os.listdir(p)):
                    if f.endswith(".yml") or f.endswith(".yaml"):
                        out.append((entry, f.rsplit(".", 1)[0], os.path.join(p, f)))
            elif entry.endswith(".yml") or entry.endswith(".yaml"):
                out.append((os.path.basename(os.path.abspath(d)), entry.rsplit(".", 1)[0], p))
    return out


def _pats(v):
    """A list of {re, in, chars} from `require`/`unless` entries."""
    out = []
    for e in v or []:
        if isinstance(e, str):
            out.append({"re": e, "in": "scope", "chars": 60})
        elif isinstance(e, dict) and isinstance(e.get("re"), str):
            out.append({"re": e["re"], "in": e.get("in", "scope"),
                        "chars": int(e.get("chars", 60) or 60)})
    return out


def load_rules(dirs, warn=None):
    """Every rule under dirs as a dict; unreadable files go to warn(msg)."""
    rules = []
    for pack, name, path in rule_files(dirs):
        try:
            with open(path, encoding="utf-8") as f:
                doc = load_yaml(f.read())
        except Exception as e:  # a file we cannot read is skipped, not fatal
            if warn:
                warn("%s: %s" % (path, e))
            continue
        if not isinstance(doc, dict):
            continue
        match = [m for m in (doc.get("match") or []) if isinstance(m, str)]
        if isinstance(doc.get("match"), str):
            match = [doc["match"]]
        rules.append({
            "id": doc.get("id") or "%s.%s" % (pack, name),
            "path": path,
            "version": int(doc.get("version", 1) or 1),
            "signal": str(doc.get("signal", name)),
            "polarity": str(doc.get("polarity", "neutral")),
            "weight": float(doc.get("weight", 1) or 0),
            "scope": str(doc.get("scope", "sentence")),
            "caseless": doc.get("caseless", True) is not False,
            "match": match,
            "require": _pats(doc.get("require")),
            "unless": _pats(doc.get("unless")),
            "section": doc.get("section") if isinstance(doc.get("section"), str) else None,
            "max_per_note": int(doc.get("max_per_note", 0) or 0),
            "enabled": doc.get("status") != "deprecated",
        })
    return rules


# ------------------------------------------------------- regex translation

_UNI = {
    "L": r"[^\W\d_]", "Lu": r"[A-ZÀ-ÖØ-ÞĀ-Ž]", "Ll": r"[a-zß-öø-ÿā-ž]",
    "N": r"\d", "Nd": r"\d", "P": r"[^\w\s]", "Zs": r"[ \t\u00a0]",
}


def pcre_to_python(p):
    """Translate the PCRE2 syntax Python's re spells differently; best effort."""
    p = re.sub(r"\\Q(.*?)(\\E|$)", lambda m: re.escape(m.group(1)), p)
    p = re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", p)
    p = re.sub(r"\(\?'([A-Za-z_]\w*)'", r"(?P<\1>", p)
    p = re.sub(r"\\k<([A-Za-z_]\w*)>", r"(?P=\1)", p)
    p = re.sub(r"\\k\{([A-Za-z_]\w*)\}", r"(?P=\1)", p)
    p = p.replace(r"\h", r"[ \t]").replace(r"\R", r"(?:\r\n|\n|\r)").replace(r"\z", r"\Z")

    def uni(m):
        cls = _UNI.get(m.group(2))
        if cls is None:
            raise ValueError("unsupported property \\p{%s}" % m.group(2))
        if m.group(1) == "P":
            return "(?:(?!%s)(?s:.))" % cls
        return cls
    return re.sub(r"\\([pP])\{\^?(\w+)\}", uni, p)


def pcre_to_rg(p, caseless):
    """ASCII-mode ripgrep pattern for a rule pattern (issue 7: `(?-u)`)."""
    p = re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", p)
    return "(?-u)" + ("(?i)" if caseless else "") + p


# --------------------------------------------------------------- scaling

_MATCH_ITEM = re.compile(r"^(\s*)-\s+(.*?)\s*$")


def _vary(pattern, k):
    # Same hits as the original plus an alternative that never occurs in
    # notes, so no engine can merge the copy with the original.
    return "(?:%s)|\\bzq%dvariant\\w*" % (pattern, k)


def scale_pack(src, out, factor):
    """Write factor-1 copies of every pack under src into out, ids renamed
    (`<pack>x<k>.<name>`) and each `match:` pattern varied. Returns the
    number of files written and of patterns varied."""
    files = patterns = 0
    for k in range(2, factor + 1):
        for pack, name, path in rule_files([src]):
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            newpack = "%sx%d" % (pack, k)
            in_match = None
            res = []
            for line in lines:
                stripped = line.lstrip(" ")
                ind = len(line) - len(stripped)
                if re.match(r"id\s*:", stripped) and ind == 0:
                    line = "id: %s.%s" % (newpack, name)
                if in_match is not None and stripped and ind <= in_match \
                        and not stripped.startswith("- "):
                    in_match = None
                if in_match is not None and stripped and not stripped.startswith("#"):
                    m = _MATCH_ITEM.match(line)
                    if m and m.group(2)[:1] not in ('"', "|", ">", "{", "["):
                        val = _scalar(m.group(2), 0)
                        if isinstance(val, str):
                            v = _vary(val, k).replace("'", "''")
                            line = "%s- '%s'" % (m.group(1), v)
                            patterns += 1
                if re.match(r"match\s*:\s*$", stripped) and ind == 0:
                    in_match = ind
                res.append(line)
            d = os.path.join(out, newpack)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, name + ".yml"), "w", encoding="utf-8") as f:
                f.write("\n".join(res))
            files += 1
    return files, patterns


def main(argv):
    if len(argv) >= 3 and argv[1] == "rg-patterns":
        rules = load_rules(argv[3:], warn=lambda m: print("rulepack: " + m, file=sys.stderr))
        n = 0
        with open(argv[2], "w", encoding="utf-8") as f:
            for r in rules:
                if not r["enabled"]:
                    continue
                for p in r["match"]:
                    if "\n" in p:
                        continue
                    f.write(pcre_to_rg(p, r["caseless"]) + "\n")
                    n += 1
        print(n)
        return 0
    if len(argv) == 5 and argv[1] == "scale":
        files, pats = scale_pack(argv[2], argv[3], int(argv[4]))
        print("%d %d" % (files, pats))
        return 0
    if len(argv) >= 3 and argv[1] == "count":
        rules = load_rules(argv[2:])
        print("%d %d" % (len(rules), sum(len(r["match"]) for r in rules)))
        return 0
    print("usage: rulepack.py rg-patterns OUT DIR... | scale SRC OUT K | count DIR...",
          file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
