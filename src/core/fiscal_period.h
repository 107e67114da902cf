/*
 * fiscal_period.h
 *	  The fiscal_period value: a Japanese fiscal year (年度, 1 April to 31
 *	  March), one of its halves, quarters or months.  Pure C: no server headers.
 *
 * ON-DISK FORMAT (permanent: pg_upgrade copies it as is).  A value is an
 * int32:
 *
 *     value = 4 * (12 * fiscal_year + months_since_april) + granularity
 *
 * where months_since_april (0..11) is the first month of the period counted
 * from the April that starts its fiscal year, and granularity is 0 year,
 * 1 half, 2 quarter, 3 month.  Integer order is therefore the sort order:
 * by first day, then coarser before finer (FY2025 < FY2025-H1 < FY2025-Q1 <
 * 2025-04 < 2025-05), so comparison and hashing delegate to int4's.
 */
#ifndef OMLEDGER_FISCAL_PERIOD_H
#define OMLEDGER_FISCAL_PERIOD_H

#include <stddef.h>
#include <stdint.h>

#include "era.h"

/* Supported fiscal years: every month of them has a four-digit year. */
#define FP_MIN_FY	1873		/* 明治6年度, the first in the Gregorian calendar */
#define FP_MAX_FY	9998		/* ends 9999-03-31 */

#define FP_RANGE_DETAIL \
	"fiscal_period covers FY1873 (明治6年度, from 1873-04-01) to FY9998 (to 9999-03-31)."

typedef int32_t FiscalPeriod;

typedef enum FpGranularity
{
	FP_YEAR = 0,
	FP_HALF = 1,
	FP_QUARTER = 2,
	FP_MONTH = 3
} FpGranularity;

typedef enum FpStyle
{
	FP_STYLE_ISO = 0,
	FP_STYLE_WAREKI = 1
} FpStyle;

/* Long enough for any output in either style (令和7980年度第4四半期 is 31 bytes). */
#define FP_OUTPUT_LEN	64

/* Months in one period of granularity g: 12, 6, 3, 1. */
extern int	fp_months(FpGranularity g);
extern const char *fp_granularity_name(FpGranularity g);
/* "year", "half", "quarter", "month" (and 年度 半期 四半期 月); -1 if unknown. */
extern int	fp_granularity_parse(const char *s, size_t len);

static inline FpGranularity
fp_granularity(FiscalPeriod p)
{
	return (FpGranularity) (p & 3);
}

/* Fiscal month index: 12 * fiscal_year + months_since_april. */
static inline int32_t
fp_index(FiscalPeriod p)
{
	return p >> 2;
}

static inline int
fp_fiscal_year(FiscalPeriod p)
{
	return fp_index(p) / 12;
}

/* Is p a well-formed value inside the supported range? */
extern int	fp_valid(FiscalPeriod p);

/* Calendar month count (12 * year + month - 1) of p's first month. */
static inline int32_t
fp_first_month(FiscalPeriod p)
{
	return fp_index(p) + 3;
}

/* One past p's last month, as a calendar month count. */
static inline int32_t
fp_end_month(FiscalPeriod p)
{
	return fp_first_month(p) + fp_months(fp_granularity(p));
}

/*
 * The period of granularity g holding calendar month y-m.  Returns 0 and
 * sets *out, or -1 when it is outside the supported range.
 */
extern int	fp_from_month(int y, int m, FpGranularity g, FiscalPeriod *out);

/* p moved by n periods of its own granularity; -1 when out of range. */
extern int	fp_add(FiscalPeriod p, int64_t n, FiscalPeriod *out);

/* How many periods b is after a (both of one granularity). */
extern int32_t fp_diff(FiscalPeriod a, FiscalPeriod b);

/* The period of granularity g (coarser or equal) holding p. */
extern FiscalPeriod fp_parent(FiscalPeriod p, FpGranularity g);

/* Does a contain every month of b? Do they share a month? */
extern int	fp_contains(FiscalPeriod a, FiscalPeriod b);
extern int	fp_overlaps(FiscalPeriod a, FiscalPeriod b);
/* Does p contain the calendar month y-m? */
extern int	fp_contains_month(FiscalPeriod p, int y, int m);

/* Formats p in the given style; buf needs FP_OUTPUT_LEN bytes. */
extern void fp_format(FiscalPeriod p, FpStyle style, char *buf, size_t len);

/* Parses any accepted input form; on failure err says why. */
extern WaStatus fp_parse(const char *in, size_t len, FiscalPeriod *out, WaError *err);

#endif							/* OMLEDGER_FISCAL_PERIOD_H */
