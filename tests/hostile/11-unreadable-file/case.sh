# A note without read permission: rejected, the others imported.
# Root reads everything, so the case is skipped (and says so) as root.
if [ "$(id -u)" -eq 0 ]; then
	echo "11-unreadable-file: skipped (running as root)"
	return 0
fi
mkdir in && echo '# ok' > in/ok.md && echo '# secret' > in/locked.md && chmod 000 in/locked.md
run --db h.db ingest in
expect_status 1 "unreadable file"
expect_err_has "in/locked.md: "
expect_err_has "Permission denied"
expect_out_has "1 new"
chmod 600 in/locked.md
