# Front matter that never closes (fixtures/ingest/bad/frontmatter-unclosed.md).
mkdir in && cp "$CZ_FIXTURES/ingest/bad/frontmatter-unclosed.md" in/
run --db h.db ingest in
expect_status 1 "unclosed front matter"
expect_err_has "in/frontmatter-unclosed.md:1: front matter: no closing '---' line"
