#!/usr/bin/env bash
# The monthly report's HTML is checked by a real browser: headless Chromium
# (Debian's chromium-headless-shell, installed by test/lib/cluster.sh's
# ensure_packages) renders the demo month's report to a PNG without an
# error; the PNG has the size asked for and shows a page (not blank: text,
# tables, coloured charts), read pixel by pixel (test/lib/png_stats.py).
# Also printed to PDF (A4, the page's @page rule).
. "$(dirname "$0")/lib.sh"

DB=om_report_browser
ROOT=$(cd "$SCRIPTS/../.." && pwd)
CHROME=$(command -v chromium-headless-shell || command -v chromium || true)
if [ -z "$CHROME" ]; then
	# (ensure_packages installs it when the suite runs as root on Debian)
	ok "# SKIP no chromium-headless-shell or chromium on this machine"
	tap_done
	exit 0
fi
OUT=$(mktemp -d /tmp/omledger-browser.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
chmod 755 "$OUT"

fresh_db $DB
PSQL -d $DB -c 'CREATE EXTENSION omledger' >/dev/null
cat "$ROOT"/demo/data/*.sql | PSQL -d $DB >/dev/null 2>&1
check "the demo data set loads" test "$(PSQL -At -d $DB -c 'SELECT count(*) > 100 FROM omledger.work_item')" = t
PSQL -At -d $DB -c "SELECT omledger.monthly_report_document(
		(SELECT min(contract_id) FROM omledger.contract), '2026-02', 'html')" >"$OUT/report.html"
check "the demo month's HTML report is written" grep -q '</html>' "$OUT/report.html"
check "it is one self-contained page (no external resource)" \
	test -z "$(grep -oE '(src|href)="[^"#]' "$OUT/report.html")"

# Chromium runs as root only without its sandbox.  Its own logging goes to
# stderr: on a headless machine without D-Bus or a GPU it complains about
# those, which are not errors of the page; the page's own errors (console
# messages, resources that fail to load) are what this checks.
flags=(--headless --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
       --user-data-dir="$OUT/profile")
[ "$(id -u)" = 0 ] && flags+=(--no-sandbox)
"$CHROME" "${flags[@]}" --enable-logging=stderr --v=0 --window-size=1000,2600 --screenshot="$OUT/report.png" \
	"file://$OUT/report.html" >"$OUT/chrome.log" 2>&1
rc=$?
check "headless Chromium renders the report to a PNG (exit 0)" test $rc -eq 0
if grep -qE 'CONSOLE|Uncaught|net::ERR_|Failed to load|FATAL' "$OUT/chrome.log"; then
	grep -E 'CONSOLE|Uncaught|net::ERR_|Failed to load|FATAL' "$OUT/chrome.log" | sed -n '1,5p' | sed 's/^/#   /'
	not_ok "the browser reports no error of the page"
else
	ok "the browser reports no error of the page"
fi
if [ -s "$OUT/report.png" ]; then
	read -r w h px nonwhite colours dark_rows < <(python3 "$ROOT/test/lib/png_stats.py" "$OUT/report.png")
	echo "# PNG $w x $h, $nonwhite % not white, $colours colours, $dark_rows rows with dark pixels"
	check "the PNG is 1000 x 2600" test "$w x $h" = "1000 x 2600"
	check "the PNG is over 20 kB" test "$(stat -c %s "$OUT/report.png")" -gt 20000
	# a blank page is 0 % and 1 colour; the report's tables and text make
	# a few per cent, its charts colours beyond grey
	check "the page is not blank (over 2 % of the pixels drawn)" \
		python3 -c "import sys; sys.exit(0 if float('$nonwhite') > 2 else 1)"
	check "it shows text over much of the page (over 300 rows with dark pixels)" test "$dark_rows" -gt 300
	check "it shows coloured charts (over 20 colours)" test "$colours" -gt 20
else
	for i in 1 2 3 4 5; do not_ok "the PNG exists"; done
fi
"$CHROME" "${flags[@]}" --print-to-pdf="$OUT/report.pdf" --no-pdf-header-footer \
	"file://$OUT/report.html" >>"$OUT/chrome.log" 2>&1
check "it prints to PDF" test -s "$OUT/report.pdf"
# the page's @page rule: A4 is 595 x 842 points (210 x 297 mm)
check "the PDF pages are A4" grep -aqE 'MediaBox ?\[0 0 59[45](\.[0-9]+)? 84[12](\.[0-9]+)?\]' "$OUT/report.pdf"
check "the report runs to more than one A4 page" test "$(grep -aoE '/Type ?/Page\b' "$OUT/report.pdf" | grep -c .)" -gt 1
dropdb $DB
tap_done
