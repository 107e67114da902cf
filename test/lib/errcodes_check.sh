#!/usr/bin/env bash
# test/lib/errcodes_check.sh -- one list of omledger's SQLSTATEs, checked.
#
# The list is src/errcodes.h (the C definitions, OM_SQLSTATE('1','0','1'));
# doc/errors.md documents each code in a table row "| `OM101` | ...".  The
# static suite (test/run, static_checks) runs this script; it prints TAP
# lines and fails when
#   1. a code is defined but not documented, or documented but not defined,
#      or its name differs (ERRCODE_OM_CAP_MONTH is om_cap_month in the doc);
#   2. an OMxxx literal in the SQL of the install script (src/sql/*.sql:
#      RAISE ... USING ERRCODE = 'OM214') or in the C sources is not defined;
#   3. a defined code is raised by no test: it must appear in an expected
#      output (expected/*.out: \echo :LAST_ERROR_SQLSTATE, wf_try(), ...) or
#      in a test program or script under test/, unless it is listed, with
#      its reason, in test/lib/errcodes_untested.txt.
#   4. a code listed there is defined no more, or is tested after all (so
#      the list only shrinks).
# Only the codes are compared, not their names: a code whose meaning changes
# must be renumbered, which these checks then follow.
#
# Usage: [TAP_START=n] test/lib/errcodes_check.sh [ROOT]   (default: the current
# directory; TAP lines are numbered from n + 1)
set -uo pipefail
cd "${1:-.}" || exit 2

header=src/errcodes.h
doc=doc/errors.md
untested_list=test/lib/errcodes_untested.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

codes() { sort -u | grep -v '^$'; }

grep -oE "OM_SQLSTATE\('[0-9A-Z]', *'[0-9A-Z]', *'[0-9A-Z]'\)" "$header" |
	sed -E "s/OM_SQLSTATE\('(.)', *'(.)', *'(.)'\)/OM\1\2\3/" | codes >"$tmp/defined"
grep -oE '^\| *`OM[0-9A-Z]{3}`' "$doc" | grep -oE 'OM[0-9A-Z]{3}' | codes >"$tmp/documented"
# "OM101 om_cap_month" from ERRCODE_OM_CAP_MONTH and from the doc's name column
grep -oE "ERRCODE_OM_[A-Z0-9_]+[[:space:]]+OM_SQLSTATE\('.', *'.', *'.'\)" "$header" |
	sed -E "s/ERRCODE_(OM_[A-Z0-9_]+)[[:space:]]+OM_SQLSTATE\('(.)', *'(.)', *'(.)'\)/OM\2\3\4 \L\1/" |
	sort -u >"$tmp/defined_names"
grep -oE '^\| *`OM[0-9A-Z]{3}` *\| *[a-z0-9_]+' "$doc" |
	sed -E 's/^\| *`(OM...)` *\| *([a-z0-9_]+)/\1 \2/' | sort -u >"$tmp/documented_names"
# literals: SQL of the install and update scripts (not the frozen released
# copies), C glue and core, excluding the header itself
grep -ohwE 'OM[0-9][0-9A-Z]{2}' src/sql/*.sql src/*.c src/core/*.c src/core/*.h \
	$(ls src/*.h | grep -vx "$header") 2>/dev/null | codes >"$tmp/literal"
# evidence that a test raises a code
grep -ohwE 'OM[0-9][0-9A-Z]{2}' expected/*.out 2>/dev/null | codes >"$tmp/raised"
grep -rohwE 'OM[0-9][0-9A-Z]{2}' test --include='*.c' --include='*.h' --include='*.sh' \
	--include='*.sql' --exclude="$(basename "$0")" 2>/dev/null | codes >>"$tmp/raised"
sort -u -o "$tmp/raised" "$tmp/raised"
sed 's/#.*//' "$untested_list" 2>/dev/null | grep -oE 'OM[0-9A-Z]{3}' | codes >"$tmp/untested"

n=${TAP_START:-0}
# tap OK DESCRIPTION [FILE-OF-OFFENDERS HOW]: one TAP line, offenders listed
tap() {
	local ok=$1 what=$2 file=${3:-} how=${4:-}
	if [ "$ok" = 0 ]; then
		echo "ok $((++n)) - $what"
	else
		local line
		while IFS= read -r line; do echo "# $how: $line"; done <"$file"
		echo "not ok $((++n)) - $what"
	fi
}
check_empty() { [ ! -s "$1" ]; echo $?; }

if [ ! -s "$tmp/defined" ]; then
	echo "not ok $((++n)) - $header defines no OM code (pattern broken?)"
	exit 1
fi
comm -23 "$tmp/defined" "$tmp/documented" >"$tmp/undocumented"
tap "$(check_empty "$tmp/undocumented")" "every code in $header is documented in $doc" \
	"$tmp/undocumented" "not in $doc"
comm -13 "$tmp/defined" "$tmp/documented" >"$tmp/undefined"
tap "$(check_empty "$tmp/undefined")" "every code in $doc is defined in $header" \
	"$tmp/undefined" "not in $header"
# same code, same name (ERRCODE_OM_CAP_MONTH is om_cap_month)
comm -3 "$tmp/defined_names" "$tmp/documented_names" | sed 's/^\t/doc: /; /^doc: /!s/^/header: /' \
	>"$tmp/names"
tap "$(check_empty "$tmp/names")" "each code has the same name in $header and $doc" \
	"$tmp/names" "differs"
comm -23 "$tmp/literal" "$tmp/defined" >"$tmp/stray"
tap "$(check_empty "$tmp/stray")" "every OMxxx literal in src/ is a code of $header" \
	"$tmp/stray" "used but not defined"
comm -23 "$tmp/defined" "$tmp/raised" | comm -23 - "$tmp/untested" >"$tmp/never"
tap "$(check_empty "$tmp/never")" "every code is raised by a test (or listed in $untested_list)" \
	"$tmp/never" "no test raises"
{ comm -23 "$tmp/untested" "$tmp/defined"; comm -12 "$tmp/untested" "$tmp/raised"; } >"$tmp/stale"
tap "$(check_empty "$tmp/stale")" "$untested_list lists only defined codes no test raises" \
	"$tmp/stale" "remove from the list"
while IFS= read -r line; do echo "# not raised by any test (listed): $line"; done <"$tmp/untested"
exit 0
