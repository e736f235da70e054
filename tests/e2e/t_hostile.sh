# The hostile-input catalogue (tests/hostile/, issue 8): every case is a
# directory with a case.sh that sets up its input (generated or taken
# from fixtures/ by reference), runs coalesce and checks the behaviour
# documented in tests/hostile/README.md. Each case runs in its own
# directory; H is the case's directory (for inputs kept there).
. "$CZ_TESTS/e2e/lib.sh"

cases=0
for dir in "$CZ_TESTS"/hostile/*/; do
	name=$(basename "$dir")
	[ -f "$dir/case.sh" ] || continue
	cases=$((cases + 1))
	before=$failures
	mkdir "$WORK/$name"
	cd "$WORK/$name" || exit 2
	H=${dir%/}
	# shellcheck disable=SC1090,SC1091
	. "$dir/case.sh"
	[ "$failures" -eq "$before" ] && echo "ok   $name" || echo "FAIL $name"
	cd "$WORK" || exit 2
	rm -rf "$WORK/$name"
done
[ "$cases" -ge 25 ] || fail "only $cases hostile cases"
done_testing
