# test/lib/cluster.sh -- sourced by test/run and test/demo.
#
# A throwaway PostgreSQL cluster: initdb into a temporary directory, run by
# the "postgres" user when we are root (the server refuses to run as root),
# listening only on a unix socket in that directory, on a free port.  The
# caller traps EXIT to call cluster_stop, so the cluster goes away when a test
# fails or the run is interrupted.

: "${PG_CONFIG:=pg_config}"

# ensure_packages [PKG...]: on Debian as root, install what the suite needs
# if missing, and the packages named (the caller checked they are missing).
ensure_packages() {
	local want=()
	# libpq-dev's pg_config answers too, but without the server's headers.
	[ -f "$("$PG_CONFIG" --includedir-server 2>/dev/null)/postgres.h" ] || want+=(postgresql-server-dev-15)
	[ -x /usr/lib/postgresql/15/bin/postgres ] || want+=(postgresql-15)
	[ -f /usr/include/postgresql/libpq-fe.h ] || want+=(libpq-dev)
	command -v make >/dev/null 2>&1 || want+=(make)
	command -v cc >/dev/null 2>&1 || want+=(gcc)
	# gcc only recommends the C library's headers, and we skip recommends.
	[ -f /usr/include/stdio.h ] || want+=(libc6-dev)
	command -v pg_dump >/dev/null 2>&1 || want+=(postgresql-client-15)
	# omctl's --format xlsx, and the independent reader of its workbooks
	[ -f /usr/include/xlsxwriter.h ] || want+=(libxlsxwriter-dev)
	/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 || want+=(python3-openpyxl)
	# the browser check of the HTML report (test/scripts/report_browser.sh):
	# headless Chromium, a Japanese font, python3 to read the PNG.  Installed
	# like the rest when we can; a user who cannot install them still runs
	# the suite, and that check says it skipped.
	local browser=()
	command -v chromium-headless-shell >/dev/null 2>&1 || command -v chromium >/dev/null 2>&1 ||
		browser+=(chromium-headless-shell)
	[ -d /usr/share/fonts/opentype/ipafont-gothic ] || browser+=(fonts-ipafont-gothic)
	command -v python3 >/dev/null 2>&1 || browser+=(python3)
	if [ ${#browser[@]} -gt 0 ]; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
			want+=("${browser[@]}")
		else
			echo "# not installed: ${browser[*]} (the browser check of the HTML report will skip)" >&2
		fi
	fi
	# the TAP tests (test/tap): PostgreSQL::Test::Cluster needs IPC::Run
	perl -MIPC::Run -e 1 >/dev/null 2>&1 || want+=(libipc-run-perl)
	# extra packages a caller names (make check-memory: valgrind)
	want+=("${@}")
	if [ ${#want[@]} -gt 0 ]; then
		if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
			echo "missing: ${want[*]} (install them, or run as root on Debian)" >&2
			return 1
		fi
		echo "# installing ${want[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >/dev/null
		apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
	fi
	# Debian's postgresql-15 starts a cluster of its own; we never use it.
}

free_port() {
	local port
	for port in $(shuf -i 20000-40000 -n 50); do
		if ! (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null &&
		   [ ! -e "/tmp/.s.PGSQL.$port" ]; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

# as_pg CMD...: run a server-side command as the owner of the cluster.
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# cluster_start: sets CLUSTER_DIR, PGHOST, PGPORT, PGUSER, PGDATABASE.
# The cluster runs with fsync off and shared_buffers 256MB, for tests;
# CLUSTER_FSYNC=on and CLUSTER_SHARED_BUFFERS=... change them (benchmarks
# of a durable server: bench/run.sh).
cluster_start() {
	local bindir
	bindir=$("$PG_CONFIG" --bindir)
	CLUSTER_DIR=$(mktemp -d /tmp/omledger-test.XXXXXX)
	chmod 755 "$CLUSTER_DIR"
	[ "$(id -u)" = 0 ] && chown postgres: "$CLUSTER_DIR"
	PGPORT=$(free_port) || { echo "no free port" >&2; return 1; }
	as_pg "$bindir/initdb" -D "$CLUSTER_DIR/data" -U postgres --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 >"$CLUSTER_DIR/initdb.log" 2>&1 ||
		{ cat "$CLUSTER_DIR/initdb.log" >&2; return 1; }
	cat >>"$CLUSTER_DIR/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$CLUSTER_DIR'
port = $PGPORT
fsync = ${CLUSTER_FSYNC:-off}
max_connections = 60
max_prepared_transactions = 10
shared_buffers = ${CLUSTER_SHARED_BUFFERS:-256MB}
timezone = 'UTC'
log_min_messages = warning
CONF
	as_pg "$bindir/pg_ctl" -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/server.log" -w -t 60 start >/dev/null ||
		{ cat "$CLUSTER_DIR/server.log" >&2; return 1; }
	export PGHOST="$CLUSTER_DIR" PGPORT PGUSER=postgres PGDATABASE=postgres
}

cluster_stop() {
	[ -n "${CLUSTER_DIR:-}" ] || return 0
	local bindir
	bindir=$("$PG_CONFIG" --bindir)
	if [ -f "$CLUSTER_DIR/data/postmaster.pid" ]; then
		as_pg "$bindir/pg_ctl" -D "$CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	if [ "${KEEP_CLUSTER:-0}" != 1 ]; then
		rm -rf "$CLUSTER_DIR"
	fi
	CLUSTER_DIR=
}
