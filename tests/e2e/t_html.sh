# coalesce report --format html: a self-contained, inert page; hostile
# text from the archive and the configuration only ever shown as text;
# --output, --mode, filters and --fail-under work as for the other formats.
. "$CZ_TESTS/e2e/lib.sh"
. "$CZ_TESTS/e2e/html_setup.sh"

run --db html.db --config "$hcfg" report --format html
expect_status 0 "html to stdout"
expect_out_has "<!DOCTYPE html>"
expect_out_has '<html lang="en">'
expect_out_has "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:"
expect_out_lacks "script-src"
expect_out_has "</html>"
page=$out

# No payload reaches the page raw; each shows up escaped.
while IFS= read -r p; do
	[ -n "$p" ] || continue
	expect_out_lacks "$p"
done <<EOF
$payloads
EOF
expect_out_lacks "<script"
expect_out_lacks "<iframe"
expect_out_lacks "<img"
expect_out_lacks "onload="
expect_out_lacks "://"
expect_out_has "Pilot &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more"
expect_out_has "&quot;&gt;&lt;img src=x onerror=alert(5)&gt;"
expect_out_has "&lt;iframe src=javascript:alert(4)&gt;&lt;/iframe&gt;"
# An entity written in a note is text too: it is escaped again.
expect_out_has "&amp;lt;script&amp;gt;"
# Every <svg> is one of ours (a chart), every <style> the page's own.
svgs=$(printf '%s' "$page" | grep -o '<svg' | wc -l)
charts=$(printf '%s' "$page" | grep -o '<svg class="chart' | wc -l)
expect_eq "$svgs" "$charts" "every svg element is a chart"
expect_eq "$(printf '%s' "$page" | grep -o '<style' | wc -l | tr -d ' ')" 1 "one style element"
# The page shows the parts the issue asks for.
expect_out_has 'class="chart heatmap"'
expect_out_has 'class="chart trend"'
expect_out_has 'class="chart bars"'
expect_out_has "<h2>How to read this</h2>"
expect_out_has "coalesce-health/1"
expect_out_has "<code>2025-05-05-pilot-review.md:9</code>"
expect_out_has "red flag: gossip"
expect_out_has "<strong>Never in a meeting</strong>"

# Q1 alone: its hostile excerpts are the evidence listed.
run --db html.db --config "$hcfg" report --format html --until 2025-03-31
expect_status 0 "--until Q1"
expect_out_has "<h3>Top evidence in 2025-Q1</h3>"
expect_out_has "&lt;/q&gt;&lt;/code&gt;&lt;script&gt;alert(2)&lt;/script&gt;"
expect_out_has "&#39; onmouseover=&#39;alert(6)"
expect_out_has "&lt;svg onload=alert(3)&gt;"
expect_out_has "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
while IFS= read -r p; do
	[ -n "$p" ] || continue
	expect_out_lacks "$p"
done <<EOF
$payloads
EOF
expect_out_lacks "<script"

umask 022
run --db html.db --config "$hcfg" report --format html --output page.html
expect_status 0 "--output"
expect_eq "$out" "" "nothing on stdout with --output"
expect_eq "$(stat -c %a page.html)" 600 "--output file mode"
expect_eq "$(cat page.html)" "$page" "--output holds the same page as stdout"
run --db html.db --config "$hcfg" --mode 0640 report --format html --output shared.html
expect_status 0 "--mode"
expect_eq "$(stat -c %a shared.html)" 640 "--mode honoured"

# The same filters as the other formats.
run --db html.db --config "$hcfg" report --format html --period month --initiative pilot
expect_status 0 "month, one initiative"
expect_out_has "<h1>Initiative health by month</h1>"
expect_out_has "2025-03 to 2025-05"
expect_out_has "<td class=\"p\">2025-04</td>"
run --db html.db --config "$hcfg" report --format html --since 2025-04-01
expect_status 0 "--since"
expect_out_lacks "2025-Q1"
expect_out_has "2025-Q2"
run --db html.db --config "$hcfg" report --format html --initiative nosuch
expect_status 66 "unknown initiative"
expect_err_has "initiative 'nosuch' is not in the database"
run --db html.db --config "$hcfg" report --format html --fail-under 100 --output gate.html
expect_status 1 "--fail-under with html"
expect_err_has "pilot 2025-Q2 health"
[ -s gate.html ]; expect_eq $? 0 "the page is written even when the gate fails"
run --db html.db report --format htm
expect_status 64 "bad format"
expect_err_has "csv, json, md or html"

# The hostile strings in the database really are there (the test can fail).
expect_eq "$(sql html.db "SELECT count(*) FROM signals WHERE excerpt LIKE '%<script>%'")" 1 \
	"a hostile excerpt is stored"

done_testing
