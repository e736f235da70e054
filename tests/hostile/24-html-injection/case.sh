# Script and markup in a note: inert in every output. Markdown escapes
# it; CSV and JSON carry it as data (neither is rendered as HTML).
mkdir in && cp "$H/note.md" in/2025-03-04-xss.md
run --db h.db ingest in
expect_status 0 "ingest html note"
run --db h.db report --format md
expect_status 0 "report md"
expect_out_lacks "<script>"
expect_out_lacks "<img"
expect_out_has "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
expect_out_has "\\[x\\]\\(javascript:alert\\(3\\)\\)"
run --db h.db evidence --format json
expect_status 0 "evidence json"
expect_out_has '"excerpt": "**Decision rights:** <script>alert(1)</script><img src=x onerror=alert(2)>'
run --db h.db report --format csv
expect_status 0 "report csv"
expect_out_has ",**Decision rights:** <script>alert(1)</script>"
