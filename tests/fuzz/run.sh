#!/bin/sh
# Run every libFuzzer target for FUZZ_TIME seconds each (default 60), starting
# from a copy of its seed corpus. New inputs stay in build-fuzz/corpus/;
# crashes are written to build-fuzz/crashes/ and make the run fail. Add any
# crash input to tests/fuzz/corpus/<target>/ once fixed, so `make check`
# replays it forever.
set -eu
cd "$(dirname "$0")/../.."
time=${FUZZ_TIME:-60}
build=${FUZZ_BUILD:-build-fuzz}
mkdir -p "$build/crashes"
status=0
for bin in "$build"/fuzz/fuzz_*; do
	name=$(basename "$bin" | sed 's/^fuzz_//')
	corpus="$build/corpus/$name"
	mkdir -p "$corpus"
	cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
	echo "== fuzz $name for ${time}s"
	if ! "$bin" -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$build/crashes/$name-" -print_final_stats=1 "$corpus" \
		2>"$build/fuzz-$name.log"; then
		status=1
		echo "!! $name failed; see $build/fuzz-$name.log and $build/crashes/"
	fi
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/fuzz-$name.log" || true
done
exit $status
