# bench/server_cpu.sh -- sourced by the benchmarks: the server CPU time that
# a run costs, which, unlike tps or latency, hardly depends on what else a
# shared machine is doing.  Needs the server on this machine, its
# postmaster's /proc entry readable; else child_ticks prints nothing.
#
#   server_cpu_init DB     once, before the runs (psql may connect to DB)
#   t0=$(child_ticks); <run>; t1=$(child_ticks)
#   cpu_per_xact t0 t1 N   microseconds of server CPU per transaction
#   median                 of the numbers on stdin, one a line

server_cpu_init() {
	pm_pid=$(head -1 "$(psql -X -At -d "$1" -c 'SHOW data_directory')/postmaster.pid" 2>/dev/null || true)
	pm_base=
	[ -n "$pm_pid" ] && pm_base=$(pm_children)
	return 0
}
pm_children() { pgrep -c -P "$pm_pid" || true; }
# The postmaster's children's CPU time, in clock ticks (empty if unreadable).
child_ticks() {
	[ -n "$pm_pid" ] && [ -r "/proc/$pm_pid/stat" ] || return 0
	# only a reaped child's time is counted: wait for the clients' backends
	# to be gone (up to 10 s), down to the server's own processes
	local i
	for i in $(seq 100); do
		[ "$(pm_children)" -le "$pm_base" ] && break
		sleep 0.1
	done
	# fields after the ")" that ends the command name: cutime, cstime are 16, 17
	sed 's/.*) //' "/proc/$pm_pid/stat" | awk '{ print $14 + $15 }'
}
cpu_per_xact() {
	[ -n "$1" ] && [ -n "$2" ] && [ "${3:-0}" -gt 0 ] || return 0
	echo "scale=1; ($2 - $1) * 1000000 / $(getconf CLK_TCK) / $3" | bc
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
