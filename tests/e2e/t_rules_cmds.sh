# `coalesce rules list|test|lint` over the small test packs in
# fixtures/rules-test (the shipped pack is left out with --no-default-rules).
. "$CZ_TESTS/e2e/lib.sh"

good="$CZ_FIXTURES/rules-test/good"

run rules test --no-default-rules --rules "$good"
expect_status 0 "rules test on the good pack"
expect_out_has "ok   t.decision (5 examples)"
expect_out_has "ok   t.gossip (4 examples)"
expect_out_has "6 passed, 0 failed"

run rules test --no-default-rules --rules "$CZ_FIXTURES/rules-test/failing"
expect_status 1 "rules test on a failing pack"
expect_out_has "FAIL f.weak"
expect_out_has "f/weak.yml:16:7: expected a counted hit, got none: 'We talked about shipping.'"
expect_out_has "f/weak.yml:18:7: expected no hit, got one: 'Nobody decided.'"
expect_out_has "f/weak.yml:10:5: no example exercises this match pattern"
expect_out_has "f/weak.yml:12:9: no example exercises this unless entry"
expect_out_has "0 passed, 1 failed"

# Both packs at once: per-rule results and the closing tally.
run rules test --no-default-rules --rules "$good" --rules "$CZ_FIXTURES/rules-test/failing"
expect_status 1 "rules test on both packs"
expect_out_has "6 passed, 1 failed"

run rules list --no-default-rules --rules "$good"
expect_status 0 "rules list"
expect_out_has "t.decision"
expect_out_has "6 rule(s)"
line=$(printf '%s\n' "$out" | grep '^t.gossip ')
expect_eq "$(printf '%s' "$line" | awk '{print $2, $3, $4, $5, $6}')" "gossip negative 2.00 stable 4" "list columns"

run rules list --no-default-rules --rules "$good" --format json
expect_status 0 "rules list json"
expect_out_has '"id": "t.credit"'
expect_out_has '"examples": 2'
expect_out_has '"polarity": "neutral"'

run rules lint --no-default-rules --rules "$good"
expect_status 0 "lint on the good pack"
expect_out_has "6 rule(s) checked, 0 warning(s)"

run rules lint --no-default-rules --rules "$CZ_FIXTURES/rules-test/lint"
expect_status 1 "lint on the lint pack"
expect_out_has "lint/nested.yml:7:5: lint.nested: warning: nested unbounded quantifiers"
expect_out_has "lint/noword.yml:7:5: lint.noword: warning: pattern starts or ends with a letter"
expect_out_has "lint/upper.yml:7:5: lint.upper: warning: case classes"
expect_out_has "lint/noexamples.yml:1:5: lint.noexamples: warning: rule has no examples"
expect_out_has "4 rule(s) checked, 6 warning(s)"

# The config can disable a rule and change a weight.
cat > coalesce.yml <<YML
rules:
  default: false
  dirs:
    - $good
  disable:
    - t.vague
  weights:
    t.credit: 2.5
YML
run rules list
expect_status 0 "rules list with config"
expect_out_has "(disabled)"
expect_eq "$(printf '%s\n' "$out" | grep '^t.credit ' | awk '{print $4}')" "2.50" "weight override"
expect_eq "$(printf '%s\n' "$out" | grep '^t.vague ' | grep -c disabled)" "1" "disabled rule"

printf 'rules:\n  disable:\n    - t.nothing\n  default: false\n' > coalesce.yml
run rules list
expect_status 65 "unknown id in config"
expect_err_has "coalesce.yml:3: rules.disable: no rule 't.nothing' is loaded"
rm coalesce.yml

run rules frobnicate
expect_status 64 "unknown subcommand"
expect_err_has "unknown subcommand 'frobnicate'"

run rules --help
expect_status 0 "rules --help"
expect_out_has "usage: coalesce rules list"

done_testing
