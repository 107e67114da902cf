# test/tap/t/001_crash.pl -- the ledger survives the server being killed.
#
# Clients (test/tap/crash_client.c, each logged in as a role mapped in
# person.db_role) log effort, change the status of failure items, record
# additional contracts with their cap extensions and, as other systems,
# report batch abends through report_incident(), while, at a random moment,
# every server process is killed with SIGKILL (odd cycles: then the server
# is started again) or one client's backend is (even cycles: the postmaster
# kills the rest and reinitialises itself); after crash recovery the ledger
# is checked:
#   - every transaction a client saw commit is there, whole;
#   - none that a client saw fail is there;
#   - a transaction whose COMMIT was in flight is there whole or not at all;
#   - no hard cap is exceeded (computed here from effort_entry, effort_cap
#     and cap_extension, not by the extension's own functions);
#   - caps_verify() lists nothing, and the running totals (effort_summary)
#     equal the sums of effort_log;
#   - each failure item's status is the to_status of its last event;
#   - every incident key has one failure item once a notice of it committed,
#     none otherwise, and counts between the notices seen committed and
#     those plus the ones in flight;
#   - verify_audit_chain() says ok;
#   - every client ended by itself with status 0 (none died of a signal or
#     failed to connect).
# CRASH_CYCLES crashes (default 4), each after a random 0.2-2.2 s of load
# (CRASH_SEED fixes the random choices; it is printed).  The checks are
# cumulative: what committed before the first crash must survive the last.
#
# Run by test/tap/run.sh (test/run's suite "tap"), which sets PATH to the
# server's binaries, PERL5LIB to PostgreSQL::Test::Cluster and CRASH_CLIENT.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(sleep time);
use File::Basename qw(dirname);
use POSIX ":sys_wait_h";
use IPC::Run;

my $client = $ENV{CRASH_CLIENT} or BAIL_OUT('CRASH_CLIENT is not set');
my $cycles = $ENV{CRASH_CYCLES} // 4;
my $seed   = $ENV{CRASH_SEED} // int(time() * 1000) % 1000000;
srand($seed);
note "CRASH_SEED=$seed CRASH_CYCLES=$cycles";
my $setup = dirname(__FILE__) . '/../crash_setup.sql';

my $node = PostgreSQL::Test::Cluster->new('crash');
$node->init;
$node->append_conf('postgresql.conf', qq{
max_connections = 40
timezone = 'UTC'
log_min_messages = warning
restart_after_crash = on
});
$node->start;
$node->safe_psql('postgres', 'CREATE DATABASE crash');
$node->safe_psql('crash', slurp_file($setup));
my %person = map { split /\|/ } split /\n/, $node->safe_psql('crash',
	"SELECT db_role, person_id FROM omledger.person WHERE db_role IS NOT NULL");
is(scalar(keys %person), 5, 'the setup made the roster (five persons with a login role)');

my $logdir = PostgreSQL::Test::Utils::tempdir();
my $committed_before = 0;    # transactions committed up to the last cycle

# The clients of one cycle: three workers logging effort, three status
# changers (the site lead), one city desk approving additional contracts,
# two other systems reporting incidents (report_incident()).
my @clients = (
	(map { [ 'effort', $_, "crash_worker" . ($_ + 1) ] } 0 .. 2),
	(map { [ 'status', $_, 'crash_lead' ] } 0 .. 2),
	[ 'approve', 0, 'crash_city' ],
	(map { [ 'incident', $_, 'crash_intake' ] } 0 .. 1),
);

sub server_pids
{
	my $pidfile = $node->data_dir . '/postmaster.pid';
	return () unless -f $pidfile;
	open my $fh, '<', $pidfile or return ();
	my $pm = <$fh>;
	close $fh;
	chomp $pm;
	return () unless $pm && kill(0, $pm);
	my @kids = split /\s+/, `pgrep -P $pm`;
	return ($pm, grep { /^\d+$/ } @kids);
}

sub cmdline
{
	my ($pid) = @_;
	open(my $fh, '<', "/proc/$pid/cmdline") or return '';
	my $line = <$fh> // '';
	close $fh;
	return $line;
}

for my $cycle (1 .. $cycles)
{
	# the clients' logs grow cycle after cycle: what each held before
	my %logged = map { my $f = "$logdir/$_->[0]-$_->[1].log"; ($f => (-s $f) // 0) } @clients;
	my @pids;
	for my $c (@clients)
	{
		my ($mode, $no, $role) = @$c;
		my $connstr = $node->connstr('crash') . " user=$role";
		my $pid = fork();
		die "fork: $!" unless defined $pid;
		if ($pid == 0)
		{
			exec($client, $connstr, $mode, $no, $cycle, 60,
				"$logdir/$mode-$no.log", $person{$role} // 0)
			  or die "exec $client: $!";
		}
		push @pids, $pid;
	}
	# the clients are at work (each has logged a transaction in this
	# cycle: its log has grown), then a random moment
	my $t0 = time();
	sleep(0.05) while (grep { ((-s $_) // 0) <= $logged{$_} } keys %logged) && time() < $t0 + 30;
	my $wait = 0.2 + rand(2.0);
	sleep($wait);

	my @server = server_pids();
	if ($cycle % 2 == 1)
	{
		# SIGKILL the postmaster and all its children at once: what a
		# power cut leaves of the processes (the OS keeps what was
		# written); then the server is started again.
		ok(scalar(@server) > 1, "cycle $cycle: the server was running (" . scalar(@server)
			  . " processes) when all were killed after " . sprintf('%.1f', $wait) . ' s');
		kill 'KILL', @server;
		$node->kill9;
	}
	else
	{
		# SIGKILL one backend of a client: the postmaster kills the others
		# and reinitialises shared memory itself (restart_after_crash).
		my @backends = grep { cmdline($_) =~ /crash_(worker|lead|city|intake)/ } @server[1 .. $#server];
		my $victim = $backends[ int(rand(scalar @backends)) ];
		ok(defined $victim, "cycle $cycle: a client's backend was killed after " . sprintf('%.1f', $wait)
			  . ' s (' . scalar(@backends) . ' client backends)');
		kill 'KILL', $victim if defined $victim;
	}
	# Each client ends by itself once its connection is gone (status 0);
	# one that has not noticed the crash after 30 s is killed (its COMMIT in
	# flight then has no outcome in its log, checked like U).  Any other end
	# (a signal, a failed connection or setup: status 2) fails the test: the
	# work it did not do would go unnoticed otherwise.
	my (@bad_end, @hung);
	for my $i (0 .. $#pids)
	{
		my ($p, $name) = ($pids[$i], "$clients[$i][0]-$clients[$i][1]");
		my $deadline = time() + 30;
		my $r;
		sleep(0.05) while ($r = waitpid($p, WNOHANG)) == 0 && time() < $deadline;
		if ($r == $p)
		{
			push @bad_end, $name . ($? & 127 ? ' killed by signal ' . ($? & 127) : ' exited ' . ($? >> 8))
			  if $? != 0;
		}
		elsif ($r == 0)
		{
			kill 'KILL', $p;
			waitpid($p, 0);
			push @hung, $name;
		}
		else { push @bad_end, "$name: waitpid failed ($!)" }
	}
	is(join(', ', @bad_end), '', "cycle $cycle: every client ended by itself, with status 0");
	note "cycle $cycle: killed after 30 s without noticing the crash: @hung" if @hung;
	if ($cycle % 2 == 1)
	{
		my $deadline = time() + 30;
		sleep(0.1) while (grep { kill(0, $_) } @server) && time() < $deadline;
		$node->start;
	}
	else
	{
		my $tries = wait_until_recovered()
		  or BAIL_OUT('the server did not come back after a backend was killed');
		note "cycle $cycle: the server accepted connections again at connection attempt $tries";
	}
	check_ledger($cycle);
}

# Wait until the server, reinitialising itself after a backend was killed,
# accepts connections and has left crash recovery; returns the number of
# connection attempts, 0 if it did not come back in time.
#
# Not $node->poll_query_until(): in PostgreSQL 15 it gives psql the query on
# its standard input, through IPC::Run, without catching what IPC::Run
# throws.  While the server refuses connections ("the database system is in
# recovery mode") each psql exits without reading its input, and when one
# exits before IPC::Run has written the query there (a matter of scheduling:
# more likely on a loaded machine and the longer the restart takes), the
# write fails with EPIPE (PostgreSQL::Test::Utils ignores SIGPIPE) and
# IPC::Run croaks "Broken pipe: write(...)": the test died there with exit
# status 32 (errno EPIPE) before any check ran.  Here the query is psql's
# argument and its input is /dev/null: no pipe is written to, and a refused
# connection is simply tried again.
sub wait_until_recovered
{
	my $deadline = time() + $PostgreSQL::Test::Utils::timeout_default;
	my @cmd = ($node->installed_command('psql'), '-XAtq', '-d', $node->connstr('crash'),
		'-c', 'SELECT NOT pg_is_in_recovery()');
	my ($out, $err, $tries) = ('', '', 0);
	while (time() < $deadline)
	{
		$tries++;
		IPC::Run::run(\@cmd, '<', '/dev/null', '>', \$out, '2>', \$err);
		chomp($out);
		return $tries if $out eq 't' && $err eq '';
		sleep(0.1);
	}
	diag "the server did not come back: psql said '$out', '$err'";
	return 0;
}

# Every client log so far: tag -> [state, kind].  The last line of a tag
# wins (B is followed by C, F or U, except when the client was cut off).
sub read_logs
{
	my %tags;
	for my $f (glob("$logdir/*.log"))
	{
		open my $fh, '<', $f or die "$f: $!";
		while (<$fh>)
		{
			my ($state, $kind, $tag, $detail) = split ' ';
			next unless defined $tag;
			$tags{$tag} = [ $state, $kind, $detail // '' ];
		}
		close $fh;
	}
	return \%tags;
}

sub rows_of
{
	my ($sql) = @_;
	my %h;
	for (split /\n/, $node->safe_psql('crash', $sql))
	{
		my ($k, $v) = split /\|/;
		$h{$k} = $v;
	}
	return \%h;
}

sub check_ledger
{
	my ($cycle) = @_;
	my $tags = read_logs();
	my $effort = rows_of("SELECT note, count(*) FROM omledger.effort_log WHERE note LIKE 'e%' GROUP BY note");
	my $status = rows_of("SELECT item_id || '/' || extract(epoch FROM occurred_at - timestamptz '2026-01-06 00:00+09')::bigint, count(*)
		FROM omledger.work_item_event WHERE occurred_at >= timestamptz '2026-01-06 00:00+09' AND field IS NULL GROUP BY 1");
	my $appr = rows_of("SELECT subject_ref, count(*) FROM omledger.approval WHERE subject = 'additional_contract' GROUP BY 1");
	my $ext = rows_of("SELECT reference, count(*) FROM omledger.cap_extension GROUP BY 1");

	my (%n, @lost, @ghost, @torn);
	for my $tag (sort keys %$tags)
	{
		my ($state, $kind) = @{ $tags->{$tag} };
		$n{"$state $kind"}++;
		# how much of the transaction is in the ledger: "all", "none" or "part"
		my $there;
		if ($kind eq 'effort')
		{
			my ($rows) = $tag =~ /x(\d+)$/;
			my $got = $effort->{$tag} // 0;
			$there = $got == 0 ? 'none' : $got == $rows ? 'all' : 'part';
		}
		elsif ($kind eq 'status')
		{
			my $got = $status->{$tag} // 0;
			$there = $got == 0 ? 'none' : $got == 1 ? 'all' : 'part';
		}
		elsif ($kind eq 'approve')
		{
			my $got = ($appr->{$tag} // 0) + ($ext->{$tag} // 0);
			$there = $got == 0 ? 'none' : $got == 2 ? 'all' : 'part';
		}
		elsif ($kind eq 'incident')
		{
			# checked per key below: a repeat leaves no row of its own
			next;
		}
		else { die "unknown kind $kind" }
		push @lost,  $tag if $state eq 'C' && $there ne 'all';
		push @ghost, $tag if $state eq 'F' && $there ne 'none';
		# (B without an outcome: the client was killed -- after 30 s without
		# noticing the crash -- before it could write one: a COMMIT in
		# flight, like U)
		push @torn, $tag if ($state eq 'U' || $state eq 'B') && $there eq 'part';
	}
	# Incidents, per key: the notices counted on the key's item lie between
	# the calls a client saw commit and those plus the calls in flight; a
	# key with neither has no item; no key has two items.
	my $notices = rows_of("SELECT dedupe_key, notices FROM omledger.incident_notice WHERE source = 'crash'");
	my $items = rows_of("SELECT dedupe_key, count(*) FROM omledger.work_item WHERE source = 'crash' GROUP BY 1");
	my (%kc, %ku, %keys, @bad);
	for my $tag (keys %$tags)
	{
		my ($state, $kind) = @{ $tags->{$tag} };
		next unless $kind eq 'incident';
		my ($key) = $tag =~ /\@(\S+)$/;
		$keys{$key} = 1;
		$kc{$key}++ if $state eq 'C';
		$ku{$key}++ if $state eq 'U' || $state eq 'B';
	}
	$keys{$_} = 1 for keys %$notices;
	for my $key (sort keys %keys)
	{
		my ($c, $u, $got) = ($kc{$key} // 0, $ku{$key} // 0, $notices->{$key} // 0);
		push @bad, "$key: $got notices, $c committed, $u in flight"
		  if $got < $c || $got > $c + $u || ($items->{$key} // 0) != ($got > 0 ? 1 : 0);
	}
	ok(scalar(keys %kc) > 0, "cycle $cycle: incidents were reported and committed (" . scalar(keys %kc) . ' keys)');
	is(join('; ', @bad[0 .. ($#bad < 4 ? $#bad : 4)]), '',
		"cycle $cycle: every incident key has one item and counts every notice a client saw commit, none it saw fail");
	note "cycle $cycle: " . join(', ', map { "$_: $n{$_}" } sort keys %n);
	my $committed = grep { $tags->{$_}[0] eq 'C' } keys %$tags;
	ok($committed > $committed_before, "cycle $cycle: the clients committed work (the test ran): "
		  . ($committed - $committed_before) . ' transactions');
	$committed_before = $committed;
	is(join(' ', @lost[0 .. ($#lost < 9 ? $#lost : 9)]), '',
		"cycle $cycle: every transaction a client saw commit is in the ledger, whole (" . scalar(@lost) . ' missing)');
	is(join(' ', @ghost[0 .. ($#ghost < 9 ? $#ghost : 9)]), '',
		"cycle $cycle: no transaction a client saw fail is in the ledger (" . scalar(@ghost) . ' found)');
	is(join(' ', @torn), '', "cycle $cycle: a COMMIT in flight left all of its transaction or nothing");

	is($node->safe_psql('crash', 'SELECT count(*) FROM omledger.caps_verify()'), '0',
		"cycle $cycle: caps_verify() lists nothing");
	is($node->safe_psql('crash', q{
		WITH s AS (SELECT contract_id, category, month::text AS month, omledger.effort_minutes(used) AS m
		             FROM omledger.effort_summary WHERE omledger.effort_minutes(used) <> 0),
		     l AS (SELECT contract_id, category, month::text AS month, sum(omledger.effort_minutes(effort)) AS m
		             FROM omledger.effort_entry WHERE counted GROUP BY 1, 2, 3
		           HAVING sum(omledger.effort_minutes(effort)) <> 0)
		SELECT (SELECT count(*) FROM l) > 0,
		       (SELECT count(*) FROM (SELECT * FROM s EXCEPT SELECT * FROM l) a)
		     + (SELECT count(*) FROM (SELECT * FROM l EXCEPT SELECT * FROM s) b)}), 't|0',
		"cycle $cycle: the running totals equal the sums of effort_log (months with effort exist)");
	is($node->safe_psql('crash', q{
		WITH used AS (
		  SELECT contract_id, category, omledger.lower(month) AS first_day,
		         sum(omledger.effort_minutes(effort)) AS m
		    FROM omledger.effort_entry WHERE counted GROUP BY 1, 2, 3),
		month_over AS (
		  SELECT u.* FROM used u
		    JOIN omledger.effort_cap c ON (c.contract_id, c.category, c.scope, c.enforcement)
		                                = (u.contract_id, u.category, 'month', 'hard')
		   WHERE u.m > omledger.effort_minutes(c.amount)
		             + COALESCE((SELECT sum(omledger.effort_minutes(x.extra)) FROM omledger.cap_extension x
		                          WHERE (x.contract_id, x.category, x.scope) = (u.contract_id, u.category, 'month')
		                            AND x.months @> u.first_day), 0)),
		term_over AS (
		  SELECT u.contract_id, u.category FROM used u
		    JOIN omledger.effort_cap c ON (c.contract_id, c.category, c.scope, c.enforcement)
		                                = (u.contract_id, u.category, 'term', 'hard')
		   GROUP BY u.contract_id, u.category, c.amount
		  HAVING sum(u.m) > omledger.effort_minutes(c.amount)
		             + COALESCE((SELECT sum(omledger.effort_minutes(x.extra)) FROM omledger.cap_extension x
		                          WHERE (x.contract_id, x.category, x.scope) = (u.contract_id, u.category, 'term')), 0))
		SELECT (SELECT count(*) FROM month_over), (SELECT count(*) FROM term_over)}), '0|0',
		"cycle $cycle: no hard cap exceeded, monthly or over the term");
	is($node->safe_psql('crash', q{
		SELECT count(*) FROM omledger.work_item w
		 WHERE w.kind = 'failure_recovery'
		   AND w.status IS DISTINCT FROM (SELECT e.to_status FROM omledger.work_item_event e
		                                   WHERE e.item_id = w.item_id AND e.field IS NULL
		                                   ORDER BY e.event_id DESC LIMIT 1)}), '0',
		"cycle $cycle: every failure item's status is that of its last event");
	is($node->safe_psql('crash', 'SELECT ok, rows_checked > 0 FROM omledger.verify_audit_chain()'), 't|t',
		"cycle $cycle: verify_audit_chain() is ok");
	if ($cycle == $cycles)
	{
		ok(($n{'C effort'} // 0) > 0 && ($n{'C status'} // 0) > 0 && ($n{'C approve'} // 0) > 0
			  && ($n{'C incident'} // 0) > 0,
			'clients of every kind committed work');
		ok(grep({ $tags->{$_}[0] eq 'F' && $tags->{$_}[2] =~ /^OM10[12]$/ } keys %$tags),
			'the hard caps refused effort during the run (both ways tested)');
		note 'COMMITs in flight at a crash (either outcome legal): '
		  . scalar(grep { $tags->{$_}[0] eq 'U' } keys %$tags);
	}
}

$node->stop;
done_testing();
