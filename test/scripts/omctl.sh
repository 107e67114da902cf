#!/usr/bin/env bash
# omctl, the client, against a real server: its help and man page; the
# exit codes of `omctl incident` for each kind of failure (0 created or
# deduplicated, 2 bad input, 3 no connection after retries, 1 another
# refusal); the usual libpq means of connecting (a multi-host string with
# target_session_attrs=read-write, a service file); `omctl watch` delivering
# every alert of a run in order, and catching up after a server restart in
# the middle; `omctl check`'s monitoring codes; the xlsx and csv of `omctl
# cap` read back by independent readers (python3-openpyxl, csv) with the
# numbers of cap_status; the report subcommands, skipped (TAP SKIP) while
# the server has no report functions, and exit 2 then.
. "$(dirname "$0")/lib.sh"
BINDIR=$("${PG_CONFIG:-pg_config}" --bindir)
OMCTL="$BINDIR/omctl"
PY=/usr/bin/python3
export PGDATABASE=om_omctl
TMP=$(mktemp -d /tmp/omctl-test.XXXXXX)
chmod 755 "$TMP"
WATCH_PID=
cleanup() {
	[ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
	rm -rf "$TMP"
	dropdb --if-exists "$PGDATABASE" >/dev/null 2>&1
	psql -X -q -d postgres -c "DROP ROLE IF EXISTS om_omctl_intake, om_omctl_city, om_omctl_nobody" >/dev/null 2>&1
	if [ "${MADE_ROLES:-0}" = 1 ]; then
		psql -X -q -d postgres -c "DROP ROLE IF EXISTS omledger_admin, omledger_city, omledger_contractor, omledger_reader, omledger_intake" >/dev/null 2>&1
	fi
}
trap cleanup EXIT

MADE_ROLES=$(psql -X -At -d postgres -c "SELECT (count(*) = 0)::int FROM pg_roles WHERE rolname = 'omledger_intake'")
fresh_db "$PGDATABASE"
PSQL >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION omledger;
SELECT count(*) FROM omledger.create_roles();
CREATE ROLE om_omctl_intake LOGIN IN ROLE omledger_intake;
CREATE ROLE om_omctl_city LOGIN IN ROLE omledger_city;
CREATE ROLE om_omctl_nobody LOGIN;
GRANT USAGE ON SCHEMA omledger TO om_omctl_nobody;
INSERT INTO omledger.contract (name, contractor, roles, term)
VALUES ('omctl', 'K', '{operator,vendor}',
        daterange((now() AT TIME ZONE 'Asia/Tokyo')::date - 60, (now() AT TIME ZONE 'Asia/Tokyo')::date + 400));
SQL
SQ() { psql -X -At -v ON_ERROR_STOP=1 -c "$1"; }

# ---------------------------------------------------------------- help
check "omctl is installed in the server's bindir" test -x "$OMCTL"
help_complete() {
	local h
	h=$("$OMCTL" --help) || return 1
	for w in incident watch cap check report obligations --system --key --summary --detected-at \
		--detail-json --exec --state-file --dbname --retries --format --json --excel xlsx \
		target_session_attrs "Exit status"; do
		grep -q -- "$w" <<<"$h" || { echo "# --help lacks $w"; return 1; }
	done
}
check "--help names every command, option and the exit codes" help_complete
check "the man page is installed" test -s "$("${PG_CONFIG:-pg_config}" --mandir)/man1/omctl.1"

# -------------------------------------------------------- incident codes
run() { # run CODE-VAR OUT-VAR omctl-args...: exit code and stdout
	local -n _rc=$1 _out=$2
	shift 2
	_out=$("$OMCTL" -q "$@" 2>"$TMP/err")
	_rc=$?
}
I=(-U om_omctl_intake)
run rc id "${I[@]}" incident --source jp1 --system SJK --key JOB1-20261001 --summary "JOB1 abended RC=12" --detail-json '{"rc": 12}'
check "incident created: exit 0 and the item id ($id)" test "$rc" = 0 -a -n "$id"
run rc id2 "${I[@]}" incident --source jp1 --system SJK --key JOB1-20261001 --summary "JOB1 abended RC=12"
check "the same notice again: exit 0 and the same item ($id2)" test "$rc" = 0 -a "$id2" = "$id"
check "one item, two notices" test "$(SQ "SELECT count(*) || '/' || sum(notices) FROM omledger.incident_notice")" = 1/2
bad_input() { # bad_input WHAT args...: exit 2, and nothing written
	local before after
	before=$(SQ "SELECT count(*) FROM omledger.work_item")
	run rc out "${I[@]}" "$@"
	after=$(SQ "SELECT count(*) FROM omledger.work_item")
	sed 's/^/#   /' "$TMP/err" | head -3
	[ "$rc" = 2 ] && [ -z "$out" ] && [ "$before" = "$after" ]
}
check "empty summary: exit 2 (OM701)" bad_input incident --system SJK --key K2 --summary " "
check "unknown system: exit 2 (OM702)" bad_input incident --system NOSUCH --key K2 --summary x
check "a time in the future: exit 2 (OM704)" bad_input incident --system SJK --key K2 --summary x --detected-at "$(date -u -d '+1 hour' '+%Y-%m-%d %H:%M:%S+00')"
check "a time that is no time: exit 2" bad_input incident --system SJK --key K2 --summary x --detected-at garbage
check "a detail that is no JSON: exit 2" bad_input incident --system SJK --key K2 --summary x --detail-json '{rc'
check "no --key: exit 2" bad_input incident --system SJK --summary x
check "an unknown option: exit 2" bad_input incident --system SJK --key K2 --summary x --frobnicate
grep -q OM702 <<<"$("$OMCTL" "${I[@]}" incident --system NOSUCH --key K2 --summary x 2>&1)" &&
	ok "the refusal is shown with its SQLSTATE, detail and hint" || not_ok "the refusal is shown with its SQLSTATE"
no_connection() {
	local t0=$SECONDS
	run rc out -h "$TMP/nowhere" -r 3 incident --system SJK --key K3 --summary x
	# three attempts, 0.5 s and 1 s apart
	[ "$rc" = 3 ] && [ $((SECONDS - t0)) -ge 1 ]
}
check "no server: exit 3 after retrying with backoff" no_connection
check "a role that may not report: exit 1 (permission denied)" \
	bash -c '"$0" -q -U om_omctl_nobody incident --system SJK --key K4 --summary x 2>/dev/null; test $? = 1' "$OMCTL"

# --------------------------------------------------- ways of connecting
run rc out -d "host=$TMP/nowhere,$PGHOST port=$PGPORT,$PGPORT dbname=$PGDATABASE user=om_omctl_intake target_session_attrs=read-write" \
	incident --system SJK --key K5 --summary "via the second host"
check "a multi-host connection string with target_session_attrs=read-write: the second host (exit $rc)" test "$rc" = 0 -a -n "$out"
cat >"$TMP/pg_service.conf" <<EOF
[omtest]
host=$PGHOST
port=$PGPORT
dbname=$PGDATABASE
user=om_omctl_intake
EOF
out=$(PGSERVICEFILE="$TMP/pg_service.conf" "$OMCTL" -q -d service=omtest incident --system SJK --key K5 --summary again)
check "a service file (PGSERVICEFILE, -d service=...): the same item" test -n "$out" -a "$out" = "$(SQ "SELECT item_id FROM omledger.work_item WHERE dedupe_key = 'K5'")"
out=$("$OMCTL" -q "${I[@]}" --json incident --system SJK --key K5 --summary again)
check "--json: {\"item_id\": N}" $PY -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["item_id"] > 0' "$out"

# ------------------------------------------------------------------ watch
# as a city desk (reads the alerts); every alert of the run in order, and
# those raised while the server restarted and omctl was away
W=(-U om_omctl_city)
start=$(SQ "SELECT max(alert_id) FROM omledger.alert")
"$OMCTL" "${W[@]}" watch --state-file "$TMP/state" --since "$start" --count 7 >"$TMP/watch.out" 2>"$TMP/watch.err" &
WATCH_PID=$!
wait_lines() { # wait_lines N: until the watch printed N lines (20 s at most)
	for _ in $(seq 200); do
		[ "$(wc -l <"$TMP/watch.out")" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
sleep 1
for k in 1 2 3; do "$OMCTL" -q "${I[@]}" incident --system SJK --key W$k --summary "watch $k" >>"$TMP/ids"; done
check "watch: the first three alerts, as they come" wait_lines 3
data="$PGHOST/data"
if [ -f "$data/postmaster.pid" ]; then
	kill -STOP "$WATCH_PID"
	as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
	as_pg "$BINDIR/pg_ctl" -D "$data" -m fast -w restart -l "$data/../server.log" >/dev/null
	for k in 4 5 6; do "$OMCTL" -q "${I[@]}" incident --system SJK --key W$k --summary "watch $k" >>"$TMP/ids"; done
	kill -CONT "$WATCH_PID"
	check "watch: after the server restarted, it catches up on the three raised meanwhile" wait_lines 6
	grep -q "reconnecting" "$TMP/watch.err" && ok "watch said it reconnected" || not_ok "watch said it reconnected"
else
	for k in 4 5 6; do "$OMCTL" -q "${I[@]}" incident --system SJK --key W$k --summary "watch $k" >>"$TMP/ids"; done
	echo "ok $((TAP_N += 1)) # SKIP the server's data directory is not ours to restart"
	echo "ok $((TAP_N += 1)) # SKIP no restart"
fi
"$OMCTL" -q "${I[@]}" incident --system SJK --key W7 --summary "watch 7" >>"$TMP/ids"
wait_lines 7 || kill "$WATCH_PID"
wait "$WATCH_PID"
wrc=$?
WATCH_PID=
in_order() {
	$PY - "$TMP/watch.out" "$TMP/ids" "$start" <<'PY'
import json, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
ids = [int(l) for l in open(sys.argv[2])]
start = int(sys.argv[3])
got = [a["alert_id"] for a in alerts]
assert got == list(range(start + 1, start + 8)), got
assert [a["item_id"] for a in alerts] == ids, ([a["item_id"] for a in alerts], ids)
assert all(a["kind"] == "incident_new" and a["payload"]["dedupe_key"] == "W%d" % (i + 1)
           for i, a in enumerate(alerts))
PY
}
check "watch: all 7 alerts, one JSON line each, in order, none twice (exit $wrc)" in_order
check "watch: the state file holds the last id" test "$(cat "$TMP/state")" = "$(SQ "SELECT max(alert_id) FROM omledger.alert")"
# --exec: the alert on the command's standard input, once each
last=$(cat "$TMP/state")
"$OMCTL" -q "${W[@]}" watch --state-file "$TMP/state" --count 2 \
	--exec "cat >>$TMP/exec.out; echo \"\$OMLEDGER_ALERT_ID \$OMLEDGER_ALERT_KIND\" >>$TMP/exec.env" &
WATCH_PID=$!
sleep 1
"$OMCTL" -q "${I[@]}" incident --system SJK --key X1 --summary "exec 1" >/dev/null
"$OMCTL" -q "${I[@]}" incident --system SJK --key X2 --summary "exec 2" >/dev/null
for _ in $(seq 200); do [ "$(cat "$TMP/exec.out" 2>/dev/null | wc -l)" -ge 2 ] && break; sleep 0.1; done
sleep 0.5
kill "$WATCH_PID" 2>/dev/null
wait "$WATCH_PID"
WATCH_PID=
check "watch --exec: CMD ran once per alert with the JSON on stdin and its id in the environment" \
	test "$(wc -l <"$TMP/exec.out")" = 2 -a "$(head -1 "$TMP/exec.env")" = "$((last + 1)) incident_new"

# --exec failing: the same alert is offered again, delivered once
"$OMCTL" -q "${W[@]}" watch --state-file "$TMP/state" --count 1 \
	--exec "if [ -e $TMP/flaky.once ]; then cat >>$TMP/flaky.out; else touch $TMP/flaky.once; exit 1; fi" &
WATCH_PID=$!
sleep 1
"$OMCTL" -q "${I[@]}" incident --system SJK --key F1 --summary "flaky" >/dev/null
for _ in $(seq 100); do [ -s "$TMP/flaky.out" ] && break; sleep 0.1; done
sleep 0.5
kill "$WATCH_PID" 2>/dev/null
wait "$WATCH_PID"
WATCH_PID=
check "watch --exec: a CMD that failed gets the same alert again, and it is delivered once" \
	test -e "$TMP/flaky.once" -a "$(wc -l <"$TMP/flaky.out" 2>/dev/null)" = 1 -a \
	"$(cat "$TMP/state")" = "$(SQ "SELECT max(alert_id) FROM omledger.alert")"

# ------------------------------------------------------------------ check
C=(-U om_omctl_city)
SQ "UPDATE omledger.work_item SET status = 'acknowledged', status_changed_at = now() WHERE status = 'reported'" >/dev/null
# The contract began 60 days ago: the documents due at its start are owed
# and overdue, which is critical ...
out=$("$OMCTL" -q "${C[@]}" check); rc=$?
echo "# $out"
overdue=$(SQ "SELECT count(*) FROM omledger.v_obligations WHERE status = 'overdue'")
check "check: $overdue obligations overdue: CRITICAL, exit 2" \
	test "$overdue" -gt 0 -a "$rc" = 2 -a "${out#OMLEDGER CRITICAL}" != "$out" -a "${out%*"$overdue obligations overdue"}" != "$out"
# ... until the documents are submitted and the meetings held
SQ "INSERT INTO omledger.submission (contract_id, rule_code, period, person_id, event_id, item_id)
    SELECT k.contract_id, d.rule_code, d.period, d.person_id, d.event_id, d.item_id
      FROM omledger.contract k,
           omledger.submissions_due(k.contract_id, lower(k.term) - 90, upper(k.term)) d
     WHERE d.status = 'overdue'" >/dev/null
SQ "INSERT INTO omledger.meeting (contract_id, meeting_kind, title, held_at)
    SELECT k.contract_id, m.kind, m.title_ja, (m.due_on + time '10:00') AT TIME ZONE 'Asia/Tokyo'
      FROM omledger.contract k,
           omledger.meetings_expected(k.contract_id, lower(k.term), upper(k.term)) m
     WHERE m.status = 'overdue'" >/dev/null
check "the contract owes nothing overdue now" \
	test "$(SQ "SELECT count(*) FROM omledger.v_obligations WHERE status = 'overdue'")" = 0
out=$("$OMCTL" -q "${C[@]}" check); rc=$?
echo "# $out"
check "check: OK, exit 0" test "$rc" = 0 -a "${out#OMLEDGER OK}" != "$out"
"$OMCTL" -q "${I[@]}" incident --system SJK --key C1 --summary "due soon" >/dev/null
SQ "INSERT INTO omledger.alert_setting (contract_id, response_warning) SELECT contract_id, '24 hours' FROM omledger.contract" >/dev/null
out=$("$OMCTL" -q "${C[@]}" check); rc=$?
echo "# $out"
check "check: a response due within the warning time: WARNING, exit 1" test "$rc" = 1 -a "${out#OMLEDGER WARNING}" != "$out"
"$OMCTL" -q "${I[@]}" incident --system SJK --key C2 --summary "late" --detected-at "$(date -u -d '-3 hours' '+%Y-%m-%d %H:%M:%S+00')" >/dev/null
out=$("$OMCTL" -q "${C[@]}" check); rc=$?
echo "# $out"
check "check: a response overdue: CRITICAL, exit 2" test "$rc" = 2 -a "${out#OMLEDGER CRITICAL}" != "$out"
out=$("$OMCTL" -q "${C[@]}" --json check); rc=$?
check "check --json: the same status as JSON" \
	$PY -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["status"] == "CRITICAL" and d["exit"] == 2 and d["responses_overdue"] == 1' "$out"
out=$("$OMCTL" -q -r 1 -h "$TMP/nowhere" check); rc=$?
check "check: no server: UNKNOWN, exit 3" test "$rc" = 3 -a "${out#OMLEDGER UNKNOWN}" != "$out"

# ------------------------------------------------- cap: xlsx, csv, text
SQ "INSERT INTO omledger.person (contract_id, name, side, db_role, registered, approved_on, roles)
    SELECT contract_id, '山田 太郎', 'contractor', 'postgres', '[2025-01-01,)', '2024-12-01', '{worker}' FROM omledger.contract" >/dev/null
SQ "INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status)
    SELECT contract_id, 'service_request', 'investigation', '調査', 'requested' FROM omledger.contract" >/dev/null
SQ "INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort)
    SELECT w.item_id, p.person_id, (now() AT TIME ZONE 'Asia/Tokyo')::date, '6h30min'
      FROM omledger.work_item w, omledger.person p WHERE w.kind = 'service_request'" >/dev/null
SQ "SELECT category, coalesce(month_percent::text, ''), coalesce(term_percent::text, ''),
           omledger.effort_minutes(month_used), coalesce(omledger.effort_minutes(month_cap)::text, '')
      FROM omledger.cap_status((SELECT contract_id FROM omledger.contract),
           omledger.fiscal_period((now() AT TIME ZONE 'Asia/Tokyo')::date, 'month'))" >"$TMP/cap.sql.txt"
check "cap_status has effort to show (the comparison below runs on it)" grep -q '^service|[0-9.]*[1-9]' "$TMP/cap.sql.txt"
"$OMCTL" -q "${C[@]}" cap --format xlsx -o "$TMP/cap.xlsx"
xlsx_same() {
	$PY - "$TMP/cap.xlsx" "$TMP/cap.sql.txt" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[wb.sheetnames[0]]
rows = list(ws.iter_rows(values_only=True))
head = rows[0]
col = {h: i for i, h in enumerate(head)}
want = [l.rstrip("\n").split("|") for l in open(sys.argv[2])]
assert len(rows) - 1 == len(want), (len(rows), len(want))
for r, w in zip(rows[1:], want):
    assert r[col["category"]] == w[0]
    for name, text in (("month_percent", w[1]), ("term_percent", w[2]),
                       ("month_used_minutes", w[3]), ("month_cap_minutes", w[4])):
        v = r[col[name]]
        if text == "":
            assert v is None, (name, v)
        else:
            assert isinstance(v, (int, float)) and not isinstance(v, bool), (name, v)  # a number cell
            assert abs(v - float(text)) < 1e-9, (name, v, text)
PY
}
check "cap --format xlsx: read back by openpyxl, numeric cells equal to cap_status" xlsx_same
"$OMCTL" -q "${C[@]}" cap --excel -o "$TMP/cap.csv"
csv_same() {
	$PY - "$TMP/cap.csv" "$TMP/cap.sql.txt" <<'PY'
import sys, csv
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
rows = list(csv.DictReader(raw[3:].decode("utf-8").splitlines()))
want = [l.rstrip("\n").split("|") for l in open(sys.argv[2])]
assert [(r["category"], r["month_percent"], r["month_used_minutes"]) for r in rows] == \
       [(w[0], w[1], w[3]) for w in want], rows
PY
}
check "cap --excel: csv with a UTF-8 BOM and CRLF, the same numbers" csv_same
aligned() { # the text table: every line of the table as wide as the header
	"$OMCTL" -q "${C[@]}" cap >"$TMP/cap.txt" || return 1
	$PY - "$TMP/cap.txt" <<'PY'
import sys, unicodedata
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()[1:-1]
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
assert len({w(l.rstrip()) for l in lines[:2]}) == 1, lines[:2]
PY
}
check "cap: an aligned text table" aligned

# ----------------------------------------- reports (another part's functions)
has() { [ "$(SQ "SELECT to_regprocedure('$1') IS NOT NULL")" = t ]; }
month=$(date -u '+%Y-%m')
if has 'omledger.monthly_report(bigint,omledger.fiscal_period)'; then
	run rc out "${C[@]}" report monthly "$month" --format markdown
	check "report monthly (markdown): exit 0, a document" test "$rc" = 0 -a -n "$out"
	"$OMCTL" -q "${C[@]}" report monthly "$month" --format xlsx -o "$TMP/monthly.xlsx"
	SQ "SELECT omledger.monthly_report((SELECT contract_id FROM omledger.contract), '$month'::omledger.fiscal_period)" >"$TMP/monthly.json"
	monthly_same() {
		$PY - "$TMP/monthly.xlsx" "$TMP/monthly.json" <<'PY'
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
got = sorted(float(v) for ws in wb for row in ws.iter_rows(min_row=2, values_only=True)
             for v in row if isinstance(v, (int, float)) and not isinstance(v, bool))
doc = json.load(open(sys.argv[2]))
secs = doc.get("sections", doc)
secs = [s.get("rows", []) for s in secs] if isinstance(secs, list) else [v for v in secs.values() if isinstance(v, list)]
want = sorted(float(v) for rows in secs for r in rows if isinstance(r, dict)
              for v in r.values() if isinstance(v, (int, float)) and not isinstance(v, bool))
assert got == want, (got[:10], want[:10])
PY
	}
	check "report monthly --format xlsx: the numbers of monthly_report, as numeric cells" monthly_same
else
	echo "ok $((TAP_N += 1)) # SKIP the server has no omledger.monthly_report (the reports part)"
	echo "ok $((TAP_N += 1)) # SKIP the server has no omledger.monthly_report (the reports part)"
	run rc out "${C[@]}" report monthly "$month"
	check "report monthly without the function on the server: exit 2 and says so" \
		bash -c 'test "$0" = 2 && grep -q "has no omledger.monthly_report" "$1"' "$rc" "$TMP/err"
fi
if has 'omledger.weekly_inventory(bigint,date)'; then
	run rc out "${C[@]}" report weekly "$(date -u '+%Y-%m-%d')"
	check "report weekly: exit 0" test "$rc" = 0
else
	echo "ok $((TAP_N += 1)) # SKIP the server has no omledger.weekly_inventory (the reports part)"
	run rc out "${C[@]}" report weekly "$(date -u '+%Y-%m-%d')"
	check "report weekly without the function on the server: exit 2" test "$rc" = 2
fi
if [ "$(SQ "SELECT to_regclass('omledger.v_obligations') IS NOT NULL")" = t ]; then
	run rc out "${C[@]}" obligations
	check "obligations: exit 0" test "$rc" = 0
else
	echo "ok $((TAP_N += 1)) # SKIP the server has no omledger.v_obligations (the obligations part)"
	run rc out "${C[@]}" obligations
	check "obligations without the view on the server: exit 2" test "$rc" = 2
fi
tap_done
