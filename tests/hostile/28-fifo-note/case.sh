# A named pipe called pipe.md in the archive: not a regular file, so
# never opened (opening it would block forever); the run finishes.
mkdir in && echo '# ok' > in/ok.md && mkfifo in/pipe.md
run --db h.db ingest in
expect_status 0 "fifo"
expect_out_has "1 seen, 1 new"
