#!/usr/bin/env bash
# The README's tour of the ledger ("The ledger and its workflow engine") is
# run as it stands: its SQL block, taken from README.md, in a fresh
# database, as the administrator, the city desk and the contractor it names.
# What it says happens must happen.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$SCRIPTS/../.." && pwd)
DB=om_readme_tour
block=$(awk '/^### The ledger and its workflow engine/ {f=1} f && /^```sql/ {g=1; next} g && /^```/ {exit} g' "$ROOT/README.md")
check "the README has the ledger tour's SQL block" test -n "$block"

fresh_db $DB
PSQL -d $DB -c 'CREATE EXTENSION omledger' >/dev/null
# the group roles create_roles() makes are cluster-wide: drop those this run made
groups_before=$(PSQL -At -c "SELECT string_agg(rolname, ' ') FROM pg_roles WHERE rolname LIKE 'omledger\_%'")
# the logins it creates are cluster-wide: drop leftovers of an earlier run
for r in city_ishikari ops_minami; do psql -X -q -d $DB -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1; done
out=$( { echo 'SET search_path = omledger, public;'; echo "$block"; } |
	psql -X -d $DB -v VERBOSITY=default 2>&1)
echo "$out" | grep -E 'ERROR|reported|mitigated' | sed 's/^/#   /' | head -20

check "the failure is reported with its response due at 23:30 Japan time" \
	grep -qE '^ +1 \| reported \| 2026-11-20 (14:30:00\+00|23:30:00\+09)' <<<"$out"
check "moving to mitigated without an approved procedure is refused with OM201, once" \
	test "$(grep -c 'cannot be executed before its procedure is approved' <<<"$out")" = 1
check "no other error" test "$(grep -c '^ERROR' <<<"$out")" = 1
check "after the city's approval the item is mitigated" test \
	"$(PSQL -At -d $DB -c 'SELECT status FROM omledger.work_item WHERE item_id = 1')" = mitigated
check "the history holds every move, each by its person" test \
	"$(PSQL -At -d $DB -c "SELECT string_agg(to_status || ':' || p.name, ',' ORDER BY event_id) FROM omledger.work_item_event e JOIN omledger.person p ON p.person_id = e.actor_id WHERE item_id = 1 AND field IS NULL")" = \
	"reported:南 さくら,acknowledged:南 さくら,investigating:南 さくら,mitigated:南 さくら"
check "workflow_dot prints a digraph" grep -q 'digraph' <<<"$out"
dropdb $DB
for r in city_ishikari ops_minami; do psql -X -q -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1; done
for r in $(PSQL -At -c "SELECT rolname FROM pg_roles WHERE rolname LIKE 'omledger\_%'"); do
	[[ " $groups_before " == *" $r "* ]] || psql -X -q -c "DROP ROLE $r" >/dev/null 2>&1
done
tap_done
