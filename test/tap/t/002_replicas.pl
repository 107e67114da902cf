# test/tap/t/002_replicas.pl -- omledger on a hot standby and on a
# logical-replication subscriber (a city's data warehouse).
#
# Hot standby: a streaming replica made by pg_basebackup -R right after
# CREATE EXTENSION; the demo ledger is then loaded on the primary and
# reaches the standby by streaming.  Once replay has caught up, every view
# of the extension's schema and every report function (the rule below)
# returns on the standby exactly what it returns on the primary -- as a
# superuser, and as a login role of omledger_reader (what a BI tool uses)
# for what that role may read -- and a write there fails with 25006.
#
# Which functions are reports, decided from the catalog (so that report
# functions added later are covered without touching this test): the
# functions of the extension (pg_depend) that are STABLE (they read the
# ledger; IMMUTABLE ones compute from their arguments alone, VOLATILE ones
# may write) and are not trigger functions, and that return a set, or json
# or jsonb, or whose name starts with report_ or v_ or ends with _report,
# _status or _forecast.  Each is called with every combination of sample
# values of its required arguments (%sample below, by argument name, then
# by type); a report with an argument that has no sample fails the test
# until one is added.
#
# Logical replication: a publication of the ledger tables -- the extension's
# tables that are empty right after CREATE EXTENSION (the shipped
# definitions, e.g. workflow_status or the holiday overrides, are the
# subscriber's own, from its CREATE EXTENSION) -- and a subscriber that made
# the extension before subscribing.  Rows present before the subscription
# (initial copy) and after it (streamed) arrive; every published table is
# equal on both sides, and so are the views; caps_verify() and
# verify_audit_chain() are clean there.  No trigger fires on the subscriber
# while it applies (the apply worker runs with session_replication_role =
# replica): its running totals, audit log and item history are the
# primary's, replicated, not recomputed -- which is why effort_total,
# audit_log and audit_chain are published with the rest.
# See doc/testing.md, "Replicas".
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use File::Basename qw(dirname);

my $root = dirname(__FILE__) . '/../../..';
my $db   = 'ledger';

my $primary = PostgreSQL::Test::Cluster->new('primary');
$primary->init(allows_streaming => 'logical');
$primary->append_conf('postgresql.conf', "timezone = 'UTC'\nmax_wal_senders = 10\n");
$primary->start;
$primary->safe_psql('postgres', "CREATE DATABASE $db");
$primary->safe_psql($db, q{
	SET client_min_messages = warning;
	CREATE EXTENSION omledger;
	SELECT count(*) FROM omledger.create_roles();
	CREATE ROLE bi_reader LOGIN IN ROLE omledger_reader;
});

# the hot standby, made by pg_basebackup -R
$primary->backup('base', backup_options => ['-R']);
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($primary, 'base');
$standby->start;
is($standby->safe_psql($db, 'SELECT pg_is_in_recovery()'), 't', 'the standby is in recovery (hot standby)');

# the subscriber: its own extension first
my $sub = PostgreSQL::Test::Cluster->new('warehouse');
$sub->init;
$sub->append_conf('postgresql.conf', "timezone = 'UTC'\n");
$sub->start;
$sub->safe_psql('postgres', "CREATE DATABASE $db");
$sub->safe_psql($db, 'SET client_min_messages = warning; CREATE EXTENSION omledger;');
my @ledger = split /\n/, $sub->safe_psql($db, q{
	SELECT c.relname FROM pg_class c
	  JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
	  JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'omledger'
	 WHERE c.relkind IN ('r', 'p')
	   AND NOT (xpath('/row/n/text()', query_to_xml(format('SELECT EXISTS (SELECT FROM %s) AS n', c.oid::regclass), false, true, '')))[1]::text::boolean
	 ORDER BY 1});
ok(scalar(grep { $_ eq 'effort_log' } @ledger) && scalar(grep { $_ eq 'work_item' } @ledger) && !grep({ $_ eq 'workflow_status' } @ledger),
	'the ledger tables (empty after CREATE EXTENSION): ' . join(' ', @ledger));
# every published table has a replica identity, or the primary's UPDATEs and
# DELETEs of it would fail once it is published
is($primary->safe_psql($db, "SELECT string_agg(c.relname, ' ') FROM pg_class c
	WHERE c.relnamespace = 'omledger'::regnamespace AND c.relname IN ('" . join("', '", @ledger) . "')
	  AND NOT (c.relreplident = 'f' OR (c.relreplident = 'd' AND EXISTS (SELECT FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)))"),
	'', 'every ledger table has a primary key (replica identity)');

# first part of the demo ledger, then publish and subscribe (initial copy)
my $demo = join('', map { slurp_file("$root/demo/data/$_") } qw(00_header.sql 30_calendar.sql 40_ledger.sql));
$primary->safe_psql($db, $demo);
$primary->safe_psql($db, 'CREATE PUBLICATION omledger_ledger FOR TABLE '
	  . join(', ', map { "omledger.$_" } @ledger));
my $pconn = 'host=' . $primary->host . ' port=' . $primary->port . " dbname=$db";
$sub->safe_psql($db, "CREATE SUBSCRIPTION omledger_wh CONNECTION '$pconn' PUBLICATION omledger_ledger");
$sub->wait_for_subscription_sync($primary, 'omledger_wh', $db);
# the rest (effort, caps) streams to both
$primary->safe_psql($db, slurp_file("$root/demo/data/00_header.sql") . slurp_file("$root/demo/data/50_caps.sql"));
ok($primary->safe_psql($db, 'SELECT count(*) FROM omledger.effort_log') > 100
	  && $primary->safe_psql($db, 'SELECT count(*) FROM omledger.work_item') > 50,
	'the primary holds the demo ledger (work items and effort)');
# (asked of the standby: the application name that pg_basebackup -R wrote
# into primary_conninfo is the harness's, not the node's)
my $lsn = $primary->lsn('insert');
$standby->poll_query_until($db, "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")
  or BAIL_OUT('the standby did not catch up');
$primary->wait_for_catchup('omledger_wh');

# ------------------------------------------------------------ hot standby
# Sample values of report arguments: SQL yielding one column of values.
my %sample = (
	'contract_id'      => 'SELECT contract_id FROM omledger.contract',
	'for_contract'     => 'SELECT contract_id FROM omledger.contract',
	'item_id'          => 'SELECT item_id FROM omledger.work_item',
	'person_id'        => 'SELECT person_id FROM omledger.person',
	'category'         => "VALUES ('service'), ('modification'), ('failure_recovery')",
	'party'            => "VALUES ('operator'), ('vendor')",
	'kind'             => "VALUES ('service_request'), ('failure_recovery'), ('modification')",
	'granularity'      => "VALUES ('month'), ('quarter')",
	'format'           => "VALUES ('markdown'), ('text'), ('html')",
	# a response starts after its incident (else the function refuses)
	'occurred_at'      => "VALUES (timestamptz '2026-01-05 10:00+09'), (timestamptz '2026-01-09 18:30+09')",
	'started_at'       => "VALUES (timestamptz '2026-01-10 09:00+09'), (timestamptz '2026-01-13 08:50+09')",
	'started_recorded_at' => "VALUES (timestamptz '2026-01-14 10:00+09'), (timestamptz '2026-02-02 10:00+09')",
	'type:omledger.fiscal_period' => "VALUES ('2025-10'::omledger.fiscal_period), ('2025-12'), ('2026-03')",
	'type:date'        => "VALUES (date '2025-12-15'), (date '2026-03-31')",
	'type:daterange'   => "VALUES (daterange('2025-04-01', '2026-04-01')), (daterange('2025-10-01', '2026-01-01'))",
	'type:timestamp with time zone' => "VALUES (timestamptz '2026-01-05 10:00+09'), (timestamptz '2026-01-09 18:30+09')",
	'type:boolean'     => 'VALUES (true), (false)',
	'type:integer'     => 'VALUES (1), (3)',
	'type:jsonb'       => q{VALUES ('{"title": "t", "sections": [{"heading": "h", "paragraphs": ["p"]}]}'::jsonb)},
);

my $reports_sql = q{
	SELECT p.oid::regprocedure, p.oid::regproc, p.proretset,
	       coalesce(array_to_string((p.proargnames)[1:p.pronargs - p.pronargdefaults], ','), ''),
	       coalesce((SELECT string_agg(format_type(t, NULL), ',' ORDER BY o)
	                   FROM unnest((p.proargtypes::oid[])[0:p.pronargs - p.pronargdefaults - 1]) WITH ORDINALITY a(t, o)), '')
	  FROM pg_proc p
	  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	  JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'omledger'
	 WHERE p.prokind = 'f' AND p.provolatile = 's' AND p.prorettype <> 'trigger'::regtype
	   AND (p.proretset OR p.prorettype IN ('json'::regtype, 'jsonb'::regtype)
	        OR p.proname ~ '^(report_|v_)|_(report|status|forecast)$')
	 ORDER BY 1};
my @checks;
for (split /\n/, $primary->safe_psql($db, $reports_sql))
{
	my ($sig, $name, $set, $argnames, $argtypes) = split /\|/, $_, -1;
	my @names = split /,/, $argnames;
	my @types = split /,/, $argtypes;
	my (@from, @args, $missing);
	for my $i (0 .. $#types)
	{
		my $n = $names[$i] // '';
		my $s = $sample{$n} // $sample{"type:$types[$i]"};
		if (!defined $s) { $missing = "argument " . ($i + 1) . " ($n $types[$i])"; last; }
		push @from, "($s) AS a$i(v)";
		push @args, "a$i.v";
	}
	if ($missing)
	{
		fail("report $sig: no sample value for its $missing: add one to \%sample in " . __FILE__);
		next;
	}
	my $call = "$name(" . join(', ', @args) . ')';
	my $from = join(' CROSS JOIN ', @from);
	my $q = $set
	  ? "SELECT count(*), md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) FROM "
		. ($from ? "$from CROSS JOIN LATERAL " : '') . "$call AS r"
	  : "SELECT count(*), md5(coalesce(string_agg(r.v::text, E'\\n' ORDER BY r.v::text), '')) FROM "
		. ($from ? "$from CROSS JOIN LATERAL " : '') . "(SELECT $call AS v) AS r";
	push @checks, [ "report $sig", $q, "EXECUTE", $sig ];
}
for my $v (split /\n/, $primary->safe_psql($db, q{
	SELECT c.oid::regclass FROM pg_class c
	 WHERE c.relnamespace = 'omledger'::regnamespace AND c.relkind IN ('v', 'm') ORDER BY 1}))
{
	push @checks, [ "view $v",
		"SELECT count(*), md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) FROM $v AS r",
		'SELECT', $v ];
}
ok(scalar(grep { $_->[0] =~ /^view / } @checks) >= 5 && scalar(grep { $_->[0] =~ /^report / } @checks) >= 5,
	'the catalog lists the views and report functions to check (' . scalar(@checks) . ')');

# as a superuser, then as a reader (what it may read)
for my $user ('postgres', 'bi_reader')
{
	my ($n, $rows) = (0, 0);
	for my $c (@checks)
	{
		my ($what, $q, $priv, $obj) = @$c;
		if ($user ne 'postgres')
		{
			my $may = $primary->safe_psql($db, $priv eq 'EXECUTE'
				? "SELECT has_function_privilege('$user', '$obj', 'EXECUTE')"
				: "SELECT has_table_privilege('$user', '$obj', 'SELECT')");
			next unless $may eq 't';
		}
		my $set = "SET ROLE $user; SET TimeZone = 'Asia/Tokyo'; SET DateStyle = 'ISO';";
		my ($rp, $outp, $errp) = $primary->psql($db, "$set $q", on_error_stop => 1);
		my ($rs, $outs, $errs) = $standby->psql($db, "$set $q", on_error_stop => 1);
		# A role that may execute a function (EXECUTE is PUBLIC's by default)
		# but not read what it reads is refused, on both alike.
		if ($user ne 'postgres' && $rp != 0 && $errp =~ /permission denied/)
		{
			like($errs, qr/permission denied/, "standby, as $user: $what is refused (no privilege on what it reads), as on the primary");
			next;
		}
		$n++;
		if ($rp != 0 || $rs != 0 || $outp eq '' || $outp ne $outs)
		{
			fail("standby, as $user: $what returns what the primary returns");
			diag("primary: rc $rp, $outp $errp\nstandby: rc $rs, $outs $errs");
			next;
		}
		$rows += (split /\|/, $outp)[0];
		pass("standby, as $user: $what returns what the primary returns (" . (split /\|/, $outp)[0] . ' rows)');
	}
	ok($n >= 5 && $rows > 100, "as $user: $n views and reports ran on both, $rows rows in all");
}

# a write on the standby fails cleanly with 25006 (read_only_sql_transaction)
for my $w (
	[ 'INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) SELECT item_id, 1, current_date, \'1h\' FROM omledger.work_item LIMIT 1', 'an effort entry' ],
	[ "UPDATE omledger.work_item SET title = title || ' x'", 'a work item update' ],
	[ "SELECT omledger.close_month(1, '2026-03')", 'closing a month' ],
	[ 'SELECT omledger.caps_rebuild()', 'rebuilding the running totals' ],
	[ 'DELETE FROM omledger.audit_log', 'deleting the audit log' ])
{
	my ($rc, $out, $err) = $standby->psql($db, "\\set VERBOSITY verbose\n$w->[0]");
	like($err, qr/ERROR:  25006: cannot execute [A-Z ]+ (in a read-only transaction|during recovery)/, "standby: $w->[1] fails with 25006");
}
is($standby->safe_psql($db, 'SELECT count(*) FROM omledger.effort_log') + 0,
	$primary->safe_psql($db, 'SELECT count(*) FROM omledger.effort_log') + 0,
	'the standby still has exactly the primary\'s effort entries');

# ------------------------------------------------------ logical subscriber
my ($eq, $total) = (0, 0);
for my $t (@ledger)
{
	my $q = "SELECT count(*), md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) FROM omledger.$t AS r";
	my $a = $primary->safe_psql($db, $q);
	my $b = $sub->safe_psql($db, $q);
	$total += (split /\|/, $a)[0];
	is($b, $a, "subscriber: omledger.$t equals the primary's (" . (split /\|/, $a)[0] . ' rows)');
}
ok($total > 1000, "subscriber: the published tables hold the ledger ($total rows)");
for my $c (grep { $_->[0] =~ /^view / } @checks)
{
	my ($what, $q) = @$c;
	is($sub->safe_psql($db, "SET TimeZone = 'Asia/Tokyo'; $q"), $primary->safe_psql($db, "SET TimeZone = 'Asia/Tokyo'; $q"),
		"subscriber: $what equals the primary's");
}
is($sub->safe_psql($db, 'SELECT count(*) FROM omledger.caps_verify()'), '0', 'subscriber: caps_verify() lists nothing');
is($sub->safe_psql($db, 'SELECT ok, rows_checked > 0 FROM omledger.verify_audit_chain()'), 't|t',
	'subscriber: the replicated audit chain verifies');
# The apply fired no trigger: the subscriber wrote no audit row of its own
# for the rows it applied (its audit_log is the primary's, above), and its
# sequences never moved.
is($sub->safe_psql($db, "SELECT pg_sequence_last_value('omledger.effort_log_entry_id_seq'::regclass) IS NULL"), 't',
	'subscriber: sequences are not replicated (effort_log\'s identity never advanced there)');

done_testing();
