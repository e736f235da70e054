# A misspelt key inside the privacy section, and an out-of-range size.
mkdir in && echo '# x' > in/x.md
run --db h.db ingest in
printf 'privacy:\n  min_group: 3\n' > c.yml
run --db h.db --config c.yml report
expect_status 65 "unknown privacy key"
expect_err_has "c.yml:2:3: unknown key 'privacy.min_group' (known: min_group_size)"
printf 'privacy:\n  min_group_size: 0\n' > c2.yml
run --db h.db --config c2.yml report
expect_status 65 "min_group_size 0"
expect_err_has "c2.yml:2:19: expected an integer from 1 to 1000, found '0' (privacy.min_group_size)"
