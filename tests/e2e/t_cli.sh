# The command line contract: help, version, usage errors, configuration and
# database resolution, exit statuses.
. "$CZ_TESTS/e2e/lib.sh"

run --help
expect_status 0 "--help"
expect_out_has "usage: coalesce [--db FILE] [--config FILE] [--mode OCTAL] COMMAND [ARGS]"
expect_out_has "ingest"
expect_out_has "status"
expect_out_has "64 usage error"

run --version
expect_status 0 "--version"
expect_out_has "coalesce "

# Every command answers -h and --help with its usage, without a database.
for cmd in $("$COALESCE" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 {print $1}'); do
	run "$cmd" --help
	expect_status 0 "$cmd --help"
	expect_out_has "usage: coalesce $cmd"
	run "$cmd" -h
	expect_status 0 "$cmd -h"
done
expect_eq "$(ls)" "" "help created no files"

run frobnicate
expect_status 64 "unknown command"
expect_err_has "coalesce: unknown command 'frobnicate'"
expect_err_has "try 'coalesce --help'"

run --frob status
expect_status 64 "unknown global option"
run ingest --frob x
expect_status 64 "unknown command option"
expect_err_has "ingest: unknown option '--frob'"
expect_err_has "try 'coalesce ingest --help'"
run ingest
expect_status 64 "ingest without paths"
run status --format yaml
expect_status 64 "bad format"
run
expect_status 64 "no command"

# No database yet: status says how to get one (66), and creates nothing.
run status
expect_status 66 "status without a database"
expect_err_has "run 'coalesce ingest' first"
[ -e coalesce.db ] && fail "status created a database"

# Database resolution: --db > $COALESCE_DB > db: in the config > ./coalesce.db
mkdir notes cfg
printf '# Kickoff 2025-01-02\n' > notes/a.md
run ingest notes
expect_status 0 "ingest into the default database"
[ -f coalesce.db ] || fail "default database coalesce.db not created"
expect_eq "$(stat -c %a coalesce.db)" 600 "default database mode"
printf 'db: from-config.db\n' > cfg/coalesce.yml
run --config cfg/coalesce.yml ingest notes
[ -f cfg/from-config.db ] || fail "db: in the config is relative to the config file"
COALESCE_DB=env.db run --config cfg/coalesce.yml ingest notes
[ -f env.db ] || fail "COALESCE_DB overrides the config"
COALESCE_DB=env.db run --db opt.db --config cfg/coalesce.yml ingest notes
[ -f opt.db ] || fail "--db overrides COALESCE_DB"
# coalesce.yml in the current directory is read when present.
printf 'db: here.db\n' > coalesce.yml
run ingest notes
[ -f here.db ] || fail "./coalesce.yml was not read"
rm coalesce.yml

# --mode widens (or keeps) the permissions of created files, never below 600.
run --mode 640 --db shared.db ingest notes
expect_eq "$(stat -c %a shared.db)" 640 "--mode 640"
run --mode 044 --db x.db ingest notes
expect_status 64 "--mode without owner read/write"

# Configuration errors name the file, line and key.
printf 'initiatives:\n  - id: alpha\n    name: Alpha\nscorecard: 3\n' > bad.yml
run --config bad.yml status
expect_status 65 "unknown config key"
expect_err_has "bad.yml:4:1: unknown key 'scorecard'"
printf 'initiatives:\n  - id: alpha\n    match:\n      - (unclosed\n' > badre.yml
run --config badre.yml ingest notes
expect_status 65 "bad initiative regex"
expect_err_has "badre.yml:4:9: bad regex in 'match': at offset 9: missing closing parenthesis"
printf 'initiatives:\n  - id: alpha\n  - id: alpha\n' > dup.yml
run --config dup.yml ingest notes
expect_status 65 "duplicate initiative"
expect_err_has "dup.yml:3:9: initiative 'alpha' is defined twice"
run --config missing.yml status
expect_status 66 "missing --config file"

# A database from the future is refused, not damaged.
sqlite3 future.db "PRAGMA user_version = 999;"
run --db future.db status
expect_status 74 "newer schema"
expect_err_has "newer than this coalesce understands"

# Output errors are loud: a full stdout fails with exit 74.
if [ -w /dev/full ]; then
	"$COALESCE" --db coalesce.db status > /dev/full 2> full.err
	status=$?
	expect_status 74 "status > /dev/full"
	grep -q "error writing output" full.err || fail "no message for a full stdout"
fi

# Control characters in file names and titles are shown escaped.
name=$(printf 'evil\033[31mname.md')
printf '# Title \033]0;pwned\007 2025-01-01\n' > "notes/$name"
run ingest notes
run status
printf '%s%s' "$out" "$err" | grep -q "$(printf '\033')" && fail "raw escape sequence printed"

done_testing
