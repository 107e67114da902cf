/*
 * unit.h -- a tiny TAP-emitting unit-test kit for the pure C core.
 *
 * Each test program includes this, calls the CHECK* macros, and returns
 * unit_done() from main.  Lines are "ok N - what" or "not ok N - what"
 * (with the file and line and the values on failure), which test/run counts.
 */
#ifndef OMLEDGER_UNIT_H
#define OMLEDGER_UNIT_H

#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>

static int	unit_n = 0;
static int	unit_failed = 0;

#define CHECK(cond, ...) \
	do { \
		unit_n++; \
		if (cond) { printf("ok %d - ", unit_n); printf(__VA_ARGS__); printf("\n"); } \
		else { unit_failed++; printf("not ok %d - ", unit_n); printf(__VA_ARGS__); \
			   printf("\n#   at %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
	} while (0)

#define CHECK_INT(got, want, ...) \
	do { \
		long long g_ = (long long) (got), w_ = (long long) (want); \
		unit_n++; \
		if (g_ == w_) { printf("ok %d - ", unit_n); printf(__VA_ARGS__); printf("\n"); } \
		else { unit_failed++; printf("not ok %d - ", unit_n); printf(__VA_ARGS__); \
			   printf("\n#   at %s:%d: got %lld, want %lld\n", __FILE__, __LINE__, g_, w_); } \
	} while (0)

#define CHECK_STR(got, want, ...) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		unit_n++; \
		if (g_ && w_ && strcmp(g_, w_) == 0) { printf("ok %d - ", unit_n); printf(__VA_ARGS__); printf("\n"); } \
		else { unit_failed++; printf("not ok %d - ", unit_n); printf(__VA_ARGS__); \
			   printf("\n#   at %s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, \
					  g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
	} while (0)

/*
 * For loops over thousands of cases: count silently, report one line.
 * UNIT_QUIET_CHECK returns nonzero on failure and prints the first few.
 */
static int	unit_quiet_failures = 0;
#define QUIET_CHECK(cond, ...) \
	((cond) ? 0 : (++unit_quiet_failures <= 10 ? \
		(printf("#   failed: "), printf(__VA_ARGS__), printf("\n"), 1) : 1))

static inline int
unit_done(void)
{
	printf("1..%d\n", unit_n);
	return unit_failed ? 1 : 0;
}

#endif
