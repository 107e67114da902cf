# omledger -- PGXS build.
#
#   make && make install        build and install into the server PG_CONFIG names
#   make test                   the whole suite (test/run): static, unit, fuzz smoke, regress,
#                               isolation, libpq, scripts, tap (crash, replicas)
#   make check-all              make test with long crash and fuzz runs, make fuzz, make bench QUICK=1
#   make check-memory           the regression suite against a server under valgrind
#   make bench [QUICK=1]        every benchmark of bench/, BENCHMARKS.md's generated table
#   (make and make install also build and install omctl, the client: omctl/)
#   make demo [KEEP=1]          a throwaway cluster with the demo data and the monthly report
#   make check-holidays-online  the holiday cross-check against the newest Cabinet Office list
#   make unit                   the pure-C unit tests alone (no server)
#   make fuzz [FUZZ_SECONDS=60] the libFuzzer harnesses (clang), from the seed corpora

EXTENSION    = omledger
EXTVERSION   = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" omledger.control)
MODULE_big   = omledger

# Pure C core (no postgres.h) in src/core/, fmgr glue in src/.
CORE_SRCS    = $(sort $(wildcard src/core/*.c))
GLUE_SRCS    = $(sort $(wildcard src/*.c))
OBJS         = $(GLUE_SRCS:.c=.o) $(CORE_SRCS:.c=.o)
PG_CPPFLAGS  = -I$(srcdir)/src -I$(srcdir)/src/core
SHLIB_LINK   =

# The install script is assembled from one SQL file per concept, in the
# order of their numeric prefixes (dependency order).
SQL_SRCS     = $(sort $(wildcard src/sql/[0-9]*.sql))
# Released versions' scripts are frozen in src/sql/released/ and never
# edited: 0.1 (00_schema and the 1x files), the 0.1 -> 0.2 update script
# (the files new in 0.2) and the 0.2 -> 0.3 one (the file new in 0.3).  The update script from the last release to this
# one is assembled from the files new since it, so it stays in step with
# them; a change to an object of a released file comes as an ALTER in a new
# file.  test/scripts/upgrade.sh proves that every update path ends with
# exactly the objects of a fresh install.
SQL_0_1      = src/sql/00_schema.sql $(sort $(wildcard src/sql/1[0-9]_*.sql))
SQL_0_2      = $(addprefix src/sql/,20_fiscal_period.sql 30_calendar.sql 31_sla.sql \
               40_ledger.sql 41_workflow_def.sql 42_work_item.sql 43_workflow.sql 50_caps.sql)
SQL_0_3      = src/sql/51_caps_lookup.sql
LAST_RELEASE = 0.3
SQL_UPDATE   = $(filter-out $(SQL_0_1) $(SQL_0_2) $(SQL_0_3),$(SQL_SRCS))
UPDATE_SCRIPT = omledger--$(LAST_RELEASE)--$(EXTVERSION).sql

DATA_built   = omledger--$(EXTVERSION).sql $(UPDATE_SCRIPT)
DATA         = $(sort $(wildcard src/sql/released/*.sql))
DOCS         =

REGRESS      = $(sort $(notdir $(basename $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=omledger
ISOLATION    = $(sort $(notdir $(basename $(wildcard specs/*.spec))))
ISOLATION_OPTS = --load-extension=omledger

EXTRA_CLEAN  = output_regress output_iso test/unit/bin test/fuzz/bin test/fuzz/work test/libpq/bin test/tap/bin \
               omledger--*.sql results regression.diffs regression.out

PG_CONFIG   ?= pg_config
PGXS        := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

# The two commands work on a machine without PostgreSQL yet: test/run
# installs what is missing before it builds.  "all" stays the default goal.
.DEFAULT_GOAL := all
test:
	test/run

demo:
	KEEP=$(KEEP) test/demo

# The holiday cross-check against the newest published Cabinet Office list
# (npm's japanese-public-holidays), instead of the committed fixture.
# make test with longer crash and fuzz runs, make fuzz, make bench QUICK=1 and
# the scale test: test/check_all.sh.  make check-memory: the regression
# suite against a server under valgrind (test/memory/run.sh), on demand.
check-all:
	test/check_all.sh

check-memory:
	test/memory/run.sh

# Every benchmark of bench/ on a throwaway cluster; BENCHMARKS.md's generated
# table rewritten (QUICK=1: a smoke run that only prints).
bench:
	QUICK=$(QUICK) bench/run.sh

check-holidays-online:
	@command -v npm >/dev/null 2>&1 || { echo "check-holidays-online needs npm (apt-get install npm)"; exit 2; }
	HOLIDAYS_ONLINE=1 SUITES=scripts SCRIPT_TESTS=holidays_cabinet test/run

.PHONY: test demo check-holidays-online bench check-all check-memory

ifneq ($(PGXS),)
include $(PGXS)

# pgxs.mk sets no dependency on the concept files; spell it out.
omledger--$(EXTVERSION).sql: $(SQL_SRCS)
	cat $^ > $@

$(UPDATE_SCRIPT): src/sql/upgrade-header.sql.in $(SQL_UPDATE)
	sed 's/@FROM@/$(LAST_RELEASE)/g; s/@TO@/$(EXTVERSION)/g' src/sql/upgrade-header.sql.in > $@
	for f in $(SQL_UPDATE); do sed '1{/^\\echo/d}' $$f; done >> $@

# Every object file depends on every header: the headers are small and a
# stale object is worse than a slower build.
$(OBJS): $(wildcard src/*.h src/core/*.h)

# ---------------------------------------------------------------- unit tests
UNIT_CC      ?= cc
UNIT_CFLAGS  ?= -std=c11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
                -fsanitize=address,undefined -fno-sanitize-recover=undefined
UNIT_TESTS   = $(patsubst test/unit/%.c,test/unit/bin/%,$(wildcard test/unit/test_*.c))

test/unit/bin/%: test/unit/%.c $(CORE_SRCS) $(wildcard src/core/*.h) test/unit/unit.h
	@mkdir -p $(dir $@)
	$(UNIT_CC) $(UNIT_CFLAGS) -Isrc/core -Itest/unit -o $@ $< $(CORE_SRCS) -lm

unit: $(UNIT_TESTS)
	@rc=0; for t in $(UNIT_TESTS); do echo "# $$t"; $$t || rc=1; done; exit $$rc

# -------------------------------------------------------------- fuzz harnesses
# Built twice: with libFuzzer (make fuzz, clang) for long runs, and with a
# small replay/random driver (test/fuzz/driver.c) that the test suite runs
# under the sanitizers on any compiler.
FUZZ_SRCS    = $(wildcard test/fuzz/fuzz_*.c)
FUZZ_BINS    = $(patsubst test/fuzz/%.c,test/fuzz/bin/%,$(FUZZ_SRCS))
FUZZ_SMOKE   = $(patsubst test/fuzz/%.c,test/fuzz/bin/%-smoke,$(FUZZ_SRCS))

test/fuzz/bin/%: test/fuzz/%.c $(CORE_SRCS) $(wildcard src/core/*.h)
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/core -o $@ $< $(CORE_SRCS) -lm

test/fuzz/bin/%-smoke: test/fuzz/%.c test/fuzz/driver.c $(CORE_SRCS) $(wildcard src/core/*.h)
	@mkdir -p $(dir $@)
	$(UNIT_CC) $(UNIT_CFLAGS) -Isrc/core -o $@ $< test/fuzz/driver.c $(CORE_SRCS) -lm

# make fuzz: each harness under libFuzzer for FUZZ_SECONDS (default 60),
# starting from its committed seed corpus test/fuzz/corpus/NAME/ (read
# only); new inputs go to test/fuzz/work/NAME/ (not committed), a failing
# input to test/fuzz/work/NAME-crash-*.  Promote an input worth keeping
# by copying it into the seed corpus.
FUZZ_SECONDS ?= 60
fuzz: $(FUZZ_BINS)
	@rc=0; for h in $(FUZZ_BINS); do \
		n=$$(basename $$h); c=test/fuzz/corpus/$${n#fuzz_}; \
		mkdir -p test/fuzz/work/$$n; \
		echo "# $$n: $(FUZZ_SECONDS) s from $$c"; \
		$$h -max_total_time=$(FUZZ_SECONDS) -max_len=512 -print_final_stats=1 \
			-artifact_prefix=test/fuzz/work/$$n- test/fuzz/work/$$n $$c > test/fuzz/work/$$n.log 2>&1; \
		r=$$?; grep -E '^(stat::number_of_executed_units|stat::new_units_added|==[0-9]+==ERROR|SUMMARY)|does not' test/fuzz/work/$$n.log; \
		[ $$r -eq 0 ] && echo "ok - $$n" || { echo "not ok - $$n (test/fuzz/work/$$n.log)"; rc=1; }; \
	done; exit $$rc
fuzz-smoke: $(FUZZ_SMOKE)

# ------------------------------------------------------------- libpq tests
LIBPQ_TESTS  = $(patsubst test/libpq/%.c,test/libpq/bin/%,$(wildcard test/libpq/test_*.c))
PQ_INCLUDE   = $(shell $(PG_CONFIG) --includedir)
PQ_LIBDIR    = $(shell $(PG_CONFIG) --libdir)

test/libpq/bin/%: test/libpq/%.c $(wildcard test/libpq/*.h)
	@mkdir -p $(dir $@)
	$(UNIT_CC) -std=c11 -O1 -g -Wall -Wextra -Werror -I$(PQ_INCLUDE) -Itest/libpq -o $@ $< -L$(PQ_LIBDIR) -lpq -lpthread

libpq-tests: $(LIBPQ_TESTS)

# The crash test's client (test/tap/t/001_crash.pl).
test/tap/bin/crash_client: test/tap/crash_client.c
	@mkdir -p $(dir $@)
	$(UNIT_CC) -std=c11 -O1 -g -Wall -Wextra -Werror -I$(PQ_INCLUDE) -o $@ $< -L$(PQ_LIBDIR) -lpq

tap-client: test/tap/bin/crash_client

.PHONY: unit fuzz fuzz-smoke libpq-tests tap-client

# ------------------------------------------------------------------ omctl
# The client (omctl/, its own Makefile: a program beside MODULE_big, which
# PGXS's PROGRAM cannot share OBJS with) is built, installed into the
# bindir of PG_CONFIG's server (with its man page) and cleaned with the
# extension.
all: omctl-all
install: omctl-install
clean: omctl-clean
omctl-all:
	$(MAKE) -C omctl PG_CONFIG='$(PG_CONFIG)'
omctl-install: omctl-all
	$(MAKE) -C omctl PG_CONFIG='$(PG_CONFIG)' install
omctl-clean:
	$(MAKE) -C omctl clean
.PHONY: omctl-all omctl-install omctl-clean

endif
