# "Billion laughs": aliases expanding exponentially. Anchors are refused.
mkdir in
cat > in/lol.md <<'NOTE'
---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]
---
body
NOTE
run --db h.db ingest in
expect_status 1 "alias bomb"
expect_err_has "in/lol.md:2: front matter: YAML anchors (&name) are not supported"
