/*
 * effort.h
 *	  The pure core of the effort type: parser, formatter, decimal views and
 *	  a 128-bit accumulator for the aggregates.  No server headers here.
 *
 * An effort is a signed 64-bit count of minutes.  That encoding is the
 * on-disk format of omledger.effort and can never change.
 * 1 person-month = 20 person-days, 1 person-day = 8 hours (contract §5.2).
 */
#ifndef OMLEDGER_CORE_EFFORT_H
#define OMLEDGER_CORE_EFFORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EFFORT_MIN_PER_HOUR		INT64_C(60)
#define EFFORT_MIN_PER_PD		(8 * EFFORT_MIN_PER_HOUR)
#define EFFORT_MIN_PER_PM		(20 * EFFORT_MIN_PER_PD)

typedef enum EffortParseStatus
{
	EFFORT_OK = 0,
	EFFORT_ERR_EMPTY,			/* nothing but spaces (and a sign) */
	EFFORT_ERR_SYNTAX,			/* no number where a term must start */
	EFFORT_ERR_NO_UNIT,			/* a number without a unit */
	EFFORT_ERR_BAD_UNIT,		/* a word that is not one of the units */
	EFFORT_ERR_FRACTION,		/* a term that is not a whole number of minutes */
	EFFORT_ERR_RANGE			/* outside int64 minutes */
} EffortParseStatus;

/*
 * The outcome of effort_parse.  On an error other than RANGE, err_start and
 * err_end delimit the offending bytes of the input (always on character
 * boundaries of any ASCII-compatible encoding).
 */
typedef struct EffortParseResult
{
	EffortParseStatus status;
	int64_t		minutes;
	size_t		err_start;
	size_t		err_end;
} EffortParseResult;

extern EffortParseResult effort_parse(const char *s, size_t len);

typedef enum EffortFormatStyle
{
	EFFORT_FORMAT_EN,			/* 2pm 3pd 4h 30min */
	EFFORT_FORMAT_JA			/* 2人月3人日4時間30分 */
} EffortFormatStyle;

/* Enough for "-" + 4 terms of at most 19 digits + units + separators. */
#define EFFORT_FORMAT_BUFLEN	128

/* Writes the canonical text of minutes into buf; returns its length. */
extern size_t effort_format(int64_t minutes, EffortFormatStyle style, char *buf);

/*
 * minutes / unit as a decimal string into buf (at least
 * EFFORT_DECIMAL_BUFLEN bytes), without trailing zeros.  Exact whenever the
 * quotient has at most max_scale fractional digits; otherwise rounded half
 * away from zero at max_scale digits.  Returns the length.
 */
#define EFFORT_DECIMAL_BUFLEN	64
extern size_t effort_to_decimal(int64_t minutes, int64_t unit, int max_scale,
								char *buf);

/*
 * A signed 128-bit sum of int64 values, kept as two halves so that the
 * aggregates need no compiler int128 support.  value = hi * 2^64 + lo.
 */
typedef struct EffortSum128
{
	int64_t		hi;
	uint64_t	lo;
} EffortSum128;

static inline void
effort_sum128_add(EffortSum128 *s, int64_t v)
{
	uint64_t	old = s->lo;

	s->lo += (uint64_t) v;
	/* sign-extend v into the high half, then carry */
	s->hi += (v < 0 ? -1 : 0) + (s->lo < old ? 1 : 0);
}

static inline void
effort_sum128_sub(EffortSum128 *s, int64_t v)
{
	uint64_t	old = s->lo;

	s->lo -= (uint64_t) v;
	s->hi -= (v < 0 ? -1 : 0) + (s->lo > old ? 1 : 0);
}

static inline void
effort_sum128_combine(EffortSum128 *s, const EffortSum128 *t)
{
	uint64_t	old = s->lo;

	s->lo += t->lo;
	s->hi += t->hi + (s->lo < old ? 1 : 0);
}

/* The sum as an int64; false when it does not fit. */
extern bool effort_sum128_to_int64(const EffortSum128 *s, int64_t *out);

/*
 * s / n (n > 0) rounded half away from zero into *out.  The quotient of a
 * sum of n int64 values by n always fits; false only if it would not.
 */
extern bool effort_sum128_div_round(const EffortSum128 *s, int64_t n, int64_t *out);

#endif							/* OMLEDGER_CORE_EFFORT_H */
