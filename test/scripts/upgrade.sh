#!/usr/bin/env bash
# Every update path ends where a fresh install of the default version does:
# for each older version that has a path to the default, CREATE EXTENSION
# omledger VERSION 'old'; ALTER EXTENSION omledger UPDATE; and compare the
# full catalog listing (test/scripts/catalog_listing.sql) with a fresh one.
. "$(dirname "$0")/lib.sh"

fresh_db om_upgrade_fresh
PSQL -d om_upgrade_fresh -c 'CREATE EXTENSION omledger'
PSQL -d om_upgrade_fresh -f "$SCRIPTS/catalog_listing.sql" > /tmp/om_listing_fresh.$$
check "fresh install lists its objects" test -s /tmp/om_listing_fresh.$$

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
	PSQL -d om_upgrade_path -f "$SCRIPTS/catalog_listing.sql" > /tmp/om_listing_path.$$
	if diff -u /tmp/om_listing_fresh.$$ /tmp/om_listing_path.$$ > /tmp/om_listing_diff.$$; then
		ok "$old -> $default yields the same objects as a fresh $default"
	else
		not_ok "$old -> $default yields the same objects as a fresh $default"
		sed -n '1,80p' /tmp/om_listing_diff.$$ | sed 's/^/#   /'
	fi
	dropdb om_upgrade_path
done
rm -f /tmp/om_listing_*.$$
dropdb om_upgrade_fresh
tap_done
