# The HTML report in a real browser: headless Chromium renders the demo
# archive's page offline, takes a screenshot, and the DOM it built must
# hold the heatmap, the trend charts and the evidence, with no console
# message at all (the page has no script, so any message is a CSP
# violation or an error). The injection fixture's page is rendered too:
# its DOM must hold no element the archive smuggled in.
#
# Skips (and passes) when Chromium is not installed; .ci/deps installs it
# in CI. CZ_ARTIFACTS=DIR keeps the screenshots and pages in DIR;
# CZ_CHROMIUM=PATH picks the browser binary.
. "$CZ_TESTS/e2e/lib.sh"

browser=${CZ_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ] || [ ! -x "$browser" ]; then
	echo "skipped: chromium not installed"
	exit 0
fi
art=${CZ_ARTIFACTS:-$WORK}
mkdir -p "$art" || exit 2

# chrome PAGE ARGS...: run headless Chromium on a local page with a fresh
# profile and no network services; stdout in .dom, stderr in .log.
chrome() {
	page=$1
	shift
	profile=$(mktemp -d "$WORK/profile.XXXXXX")
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-extensions --user-data-dir="$profile" \
		--enable-logging=stderr --v=0 "$@" "file://$page" >"$WORK/.dom" 2>"$WORK/.log"
	status=$?
	out=$(cat "$WORK/.dom")
	err=$(grep -E 'CONSOLE|Uncaught|Refused|Content Security Policy|violates' "$WORK/.log")
}

# The demo archive, with the evidence of the default rule pack.
"$COALESCE" --db demo.db --config "$CZ_FIXTURES/demo/coalesce.yml" ingest \
	"$CZ_FIXTURES/demo" >/dev/null 2>&1 || { echo "setup: demo ingest failed" >&2; exit 2; }
expect_eq "$(sql demo.db "SELECT count(*) > 0 FROM signals WHERE status = 'counted'")" 1 \
	"the demo has evidence"
run --db demo.db --config "$CZ_FIXTURES/demo/coalesce.yml" report --format html \
	--output "$art/demo-report.html"
expect_status 0 "demo report"
inits=$(sql demo.db "SELECT count(*) FROM initiatives")

chrome "$art/demo-report.html" --dump-dom
expect_status 0 "chromium --dump-dom"
expect_eq "$err" "" "console messages while loading the demo page"
expect_out_has '<svg class="chart heatmap"'
expect_eq "$(printf '%s' "$out" | grep -o '<svg class="chart trend"' | wc -l | tr -d ' ')" \
	"$inits" "one trend chart per initiative"
expect_eq "$(printf '%s' "$out" | grep -o '<svg class="chart bars"' | wc -l | tr -d ' ')" \
	"$inits" "component bars per initiative"
expect_out_has '<ol class="evidence">'
# Evidence cites path:line of files that exist, and the line says that.
cite=$(printf '%s' "$out" | grep -o '<code>notes/[^<]*:[0-9]*</code>' | head -1 |
	sed 's/<code>//; s/<\/code>//')
expect_eq "$([ -n "$cite" ] && [ -f "$CZ_FIXTURES/demo/${cite%:*}" ] && echo yes)" yes \
	"evidence cites an existing file ($cite)"
expect_out_has '<h2>How to read this</h2>'
expect_out_has 'coalesce-health/1'
expect_out_lacks '<script'

chrome "$art/demo-report.html" --screenshot="$art/demo-report.png" --window-size=1280,2000
expect_status 0 "chromium --screenshot"
expect_eq "$err" "" "console messages while taking the screenshot"
expect_eq "$(head -c 8 "$art/demo-report.png" | od -An -tx1 | tr -d ' \n')" \
	"89504e470d0a1a0a" "the screenshot is a PNG"
# A blank page compresses to a few KB; the charts make it far larger.
size=$(stat -c %s "$art/demo-report.png")
[ "$size" -gt 60000 ]; expect_eq $? 0 "the screenshot has content ($size bytes)"

# The injection fixture: nothing from the archive becomes an element.
. "$CZ_TESTS/e2e/html_setup.sh"
run --db html.db --config "$hcfg" report --format html --output "$art/hostile.html"
expect_status 0 "hostile report"
chrome "$art/hostile.html" --dump-dom
expect_status 0 "chromium on the hostile page"
expect_eq "$err" "" "console messages on the hostile page"
expect_out_lacks '<script'
expect_out_lacks '<img'
expect_out_lacks '<iframe'
# Serialised DOM escapes '<' in text, so any '<' opens a real element:
# none may carry an event handler attribute.
expect_eq "$(printf '%s' "$out" | grep -cE '<[a-zA-Z][^>]*[[:space:]]on[a-z]+=')" 0 \
	"no element with an on* handler"
expect_out_has 'onerror=alert(5)&gt;'
expect_out_has 'Pilot &lt;script&gt;alert(1)&lt;/script&gt;'
expect_out_has '&lt;iframe src=javascript:alert(4)&gt;'
expect_eq "$(printf '%s' "$out" | grep -o '<svg' | wc -l | tr -d ' ')" \
	"$(printf '%s' "$out" | grep -o '<svg class="chart' | wc -l | tr -d ' ')" \
	"every svg in the DOM is a chart"

# The console check can fail: a page that breaks its own CSP is caught.
printf '<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src '"'none'"'"><title>x</title></head><body><img src="data:," alt=""><script>1</script></body></html>' >"$WORK/bad.html"
chrome "$WORK/bad.html" --dump-dom
[ -n "$err" ]; expect_eq $? 0 "a CSP violation shows up in the log"

[ "$art" = "$WORK" ] || echo "artifacts in $art"
done_testing
