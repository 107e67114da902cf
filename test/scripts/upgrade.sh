#!/usr/bin/env bash
# Every update path ends where a fresh install of the default version does:
# for each older version that has a path to the default, CREATE EXTENSION
# omledger VERSION 'old'; ALTER EXTENSION omledger UPDATE; and compare the
# full catalog listing (test/scripts/catalog_listing.sql) with a fresh one.
# Then, where the old version has the workflow (0.2 on), rows go through its
# triggers -- the current library serving the old schema's trigger
# functions -- and again after the update (test/scripts/workflow_smoke.sql):
# both must do what a fresh install does.
. "$(dirname "$0")/lib.sh"

fresh_db om_upgrade_fresh
PSQL -d om_upgrade_fresh -c 'CREATE EXTENSION omledger'
# A listing is compared only when it ran to its end without an error on
# both sides: two listings cut short by the same error would compare equal.
listing() {	# listing DB FILE
	PSQL -d "$1" -f "$SCRIPTS/catalog_listing.sql" > "$2" 2> "$2.err" && [ ! -s "$2.err" ] ||
		{ sed -n '1,10p' "$2.err" | sed "s/^/#   $1: /"; return 1; }
}
check "the catalog listing runs without an error on a fresh install" listing om_upgrade_fresh /tmp/om_listing_fresh.$$
check "fresh install lists its objects ($(wc -l < /tmp/om_listing_fresh.$$) lines)" \
	test "$(wc -l < /tmp/om_listing_fresh.$$)" -gt 500

default=$(PSQL -At -d om_upgrade_fresh -c "SELECT default_version FROM pg_available_extensions WHERE name = 'omledger'")
olds=$(PSQL -At -d om_upgrade_fresh -c "SELECT source FROM pg_extension_update_paths('omledger') WHERE target = '$default' AND path IS NOT NULL ORDER BY 1")
check "there is at least one update path to $default" test -n "$olds"

for old in $olds; do
	fresh_db om_upgrade_path
	if PSQL -d om_upgrade_path -c "CREATE EXTENSION omledger VERSION '$old'" &&
	   PSQL -d om_upgrade_path -c "ALTER EXTENSION omledger UPDATE"; then
		ok "$old -> $default runs"
	else
		not_ok "$old -> $default runs"
		continue
	fi
	if listing om_upgrade_path /tmp/om_listing_path.$$ &&
	   diff -u /tmp/om_listing_fresh.$$ /tmp/om_listing_path.$$ > /tmp/om_listing_diff.$$; then
		ok "$old -> $default yields the same objects as a fresh $default"
	else
		not_ok "$old -> $default yields the same objects as a fresh $default"
		sed -n '1,80p' /tmp/om_listing_diff.$$ | sed 's/^/#   /'
	fi
	dropdb om_upgrade_path
done
dropdb om_upgrade_fresh

fresh_db om_upgrade_smoke
PSQL -d om_upgrade_smoke -c 'CREATE EXTENSION omledger'
# The smoke output holds the NOTICEs of its refused moves (stderr) with the
# rows (stdout), so it is compared whole -- after checking that it ran to
# its end (the last query's header) with no ERROR: two runs failing alike
# would compare equal.
smoke_ran() {	# smoke_ran FILE
	! grep -q '^psql:.*ERROR' "$1" && grep -q 'old_due_on' "$1"
}
PSQL -d om_upgrade_smoke -f "$SCRIPTS/workflow_smoke.sql" > /tmp/om_smoke_fresh.$$ 2>&1
check "the smoke rows run to their end on a fresh install, without an error" smoke_ran /tmp/om_smoke_fresh.$$
check "the workflow triggers of a fresh install take the smoke rows" \
	grep -q 'refused move: OM200' /tmp/om_smoke_fresh.$$
smoke() {
	if PSQL -d om_upgrade_smoke -f "$SCRIPTS/workflow_smoke.sql" > /tmp/om_smoke_path.$$ 2>&1 &&
	   smoke_ran /tmp/om_smoke_path.$$ &&
	   diff -u /tmp/om_smoke_fresh.$$ /tmp/om_smoke_path.$$ > /tmp/om_smoke_diff.$$; then
		ok "$1"
	else
		not_ok "$1"
		sed -n '1,40p' /tmp/om_smoke_diff.$$ /tmp/om_smoke_path.$$ | sed 's/^/#   /'
	fi
}
for old in $olds; do
	fresh_db om_upgrade_smoke
	PSQL -d om_upgrade_smoke -c "CREATE EXTENSION omledger VERSION '$old'"
	if [ "$(PSQL -At -d om_upgrade_smoke -c "SELECT to_regclass('omledger.work_item') IS NOT NULL")" = t ]; then
		smoke "$old schema with the current library: the workflow triggers work"
		PSQL -d om_upgrade_smoke -c "ALTER EXTENSION omledger UPDATE"
		smoke "$old -> $default: the workflow triggers work"
	fi
done
dropdb om_upgrade_smoke
rm -f /tmp/om_listing_*.$$ /tmp/om_listing_*.$$.err /tmp/om_smoke_*.$$
tap_done
