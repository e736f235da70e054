# The cache of compiled prefilters: a second ingest loads the entry the
# first one wrote (the file is not rewritten) and gives the same evidence;
# a damaged entry (flipped bytes, truncated, another rule set's) is
# survived, rewritten and then reused; "off", "", an unusable directory and
# a missing HOME run without a cache; XDG_CACHE_HOME and HOME are honoured.
# Without Vectorscan in the build nothing is cached and evidence is the same.
. "$CZ_TESTS/e2e/lib.sh"

dump() {
	sqlite3 -batch "$1" "SELECT n.relpath, s.rule_id, s.line, s.col, s.status, s.excerpt
	  FROM signals s JOIN notes n ON n.id = s.note_id ORDER BY 1, 2, 3, 4"
}

eng="$CZ_FIXTURES/engine"
export COALESCE_CACHE_DIR="$WORK/cache"
hs=0
if ldd "$COALESCE" 2>/dev/null | grep -q 'libhs'; then
	hs=1
fi

# ingest NAME [ENV...]: ingest the engine fixtures into NAME.db with env
# assignments, expect success and the evidence of the first run.
ingest() {
	name=$1
	shift
	env "$@" "$COALESCE" --db "$name.db" ingest --quiet --no-default-rules \
		--rules "$eng/rules" "$eng/notes" > "$name.out" 2> "$name.err"
	status=$?
	out=$(cat "$name.out")
	err=$(cat "$name.err")
	expect_status 0 "$name: ingest"
	expect_eq "$err" "" "$name: stderr"
	dump "$name.db" > "$name.txt"
	if [ -e first.txt ]; then
		checks=$((checks + 1))
		cmp -s first.txt "$name.txt" || fail "$name: evidence differs from the first ingest"
	fi
}

entries() {
	find "$1" -maxdepth 1 -name 'pf-*.bin' 2>/dev/null | wc -l
}

ingest first
rows=$(wc -l < first.txt)
[ "$rows" -gt 5 ] || fail "only $rows evidence rows"
checks=$((checks + 1))

if [ "$hs" = 0 ]; then
	expect_eq "$(entries "$WORK/cache")" 0 "no Vectorscan: nothing cached"
	ingest second
	echo "built without Vectorscan: cache checks skipped"
	done_testing
fi

expect_eq "$(entries "$WORK/cache")" 1 "the first ingest wrote one entry"
entry=$(find "$WORK/cache" -name 'pf-*.bin')
expect_eq "$(stat -c %a "$WORK/cache")" 700 "cache directory mode"
expect_eq "$(stat -c %a "$entry")" 600 "cache entry mode"
ino=$(stat -c %i "$entry")

# A hit reads the entry and does not rewrite it (a store renames a new file).
ingest second
expect_eq "$(stat -c %i "$entry")" "$ino" "second ingest: entry reused, not rewritten"
run --db second.db scan --no-default-rules --rules "$eng/rules"
expect_status 0 "scan with a cached prefilter"
expect_eq "$(stat -c %i "$entry")" "$ino" "scan: entry reused"

# Damaged entries are misses: the run succeeds, the entry is rewritten.
size=$(stat -c %s "$entry")
printf 'XXXX' | dd of="$entry" bs=1 seek=$((size - 40)) conv=notrunc status=none
ingest flipped
expect_eq "$(entries "$WORK/cache")" 1 "flipped: still one entry"
checks=$((checks + 1))
[ "$(stat -c %i "$entry")" != "$ino" ] || fail "flipped: the entry was not rewritten"
ino=$(stat -c %i "$entry")
ingest after_flip
expect_eq "$(stat -c %i "$entry")" "$ino" "after a rewrite the entry is a hit again"

truncate -s 50 "$entry"
ingest truncated
expect_eq "$(stat -c %s "$entry")" "$size" "truncated: rewritten whole"

: > "$entry"
ingest emptied
expect_eq "$(stat -c %s "$entry")" "$size" "empty file: rewritten whole"

# Another rule set's entry under this name: a wrong key, a miss.
COALESCE_CACHE_DIR="$WORK/demo-cache" run --db demo.db --config "$CZ_FIXTURES/demo/coalesce.yml" \
	ingest --quiet "$CZ_FIXTURES/demo"
expect_status 0 "demo ingest (default pack)"
cp "$(find "$WORK/demo-cache" -name 'pf-*.bin')" "$entry"
ingest wrongkey
expect_eq "$(stat -c %s "$entry")" "$size" "wrong key: rewritten"

# The default pack: a cold and a warm ingest of the demo store the same rows.
COALESCE_CACHE_DIR="$WORK/demo-cache" run --db demo2.db --config "$CZ_FIXTURES/demo/coalesce.yml" \
	ingest --quiet "$CZ_FIXTURES/demo"
expect_status 0 "demo ingest, warm cache"
dump demo.db > demo.txt
dump demo2.db > demo2.txt
checks=$((checks + 1))
cmp -s demo.txt demo2.txt || fail "demo: evidence differs between cold and warm cache"
[ "$(wc -l < demo.txt)" -gt 5 ] || fail "demo: too few evidence rows"

# No cache: "off" and "" create nothing; an unusable directory is survived.
ingest off COALESCE_CACHE_DIR=off
ingest blank COALESCE_CACHE_DIR=
checks=$((checks + 1))
[ ! -e off ] || fail "COALESCE_CACHE_DIR=off created a directory"
printf 'x' > plainfile
ingest unusable COALESCE_CACHE_DIR="$WORK/plainfile/cache"

# Without COALESCE_CACHE_DIR: XDG_CACHE_HOME, then HOME, then nothing.
ingest xdg -u COALESCE_CACHE_DIR XDG_CACHE_HOME="$WORK/xdg" HOME="$WORK/nohome"
expect_eq "$(entries "$WORK/xdg/coalesce")" 1 "XDG_CACHE_HOME/coalesce used"
checks=$((checks + 1))
[ ! -e "$WORK/nohome" ] || fail "HOME used although XDG_CACHE_HOME was set"
ingest home -u COALESCE_CACHE_DIR -u XDG_CACHE_HOME HOME="$WORK/home"
expect_eq "$(entries "$WORK/home/.cache/coalesce")" 1 "HOME/.cache/coalesce used"
ingest relxdg -u COALESCE_CACHE_DIR XDG_CACHE_HOME=relative HOME="$WORK/home2"
expect_eq "$(entries "$WORK/home2/.cache/coalesce")" 1 "a relative XDG_CACHE_HOME is ignored"
checks=$((checks + 1))
[ ! -e relative ] || fail "a relative XDG_CACHE_HOME was used"
ingest nohome -u COALESCE_CACHE_DIR -u XDG_CACHE_HOME -u HOME

done_testing
