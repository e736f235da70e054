# A directory that links to itself and two links pointing at each other.
mkdir in && echo '# ok' > in/ok.md
ln -s ../in in/self
ln -s b in/a && ln -s a in/b
run --db h.db ingest in
expect_status 1 "symlink loop"
expect_err_has "in/a: symbolic link loop"
expect_err_has "in/b: symbolic link loop"
expect_out_has "1 new"
