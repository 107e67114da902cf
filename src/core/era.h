/*
 * era.h
 *	  Japanese eras (元号): the era table, era-year arithmetic, parsing of era
 *	  names and era years, and the wareki date form 令和7年10月1日.
 *
 * Pure C: no server headers.  Dates are plain (year, month, day) triples of
 * the proleptic Gregorian calendar; callers convert to and from their own
 * day numbers.  Only dates from 1873-01-01 on are supported: Japan adopted
 * the Gregorian calendar on 明治6年1月1日, and earlier 明治 dates are
 * lunisolar, so no era year below 明治6 is accepted.
 */
#ifndef OMLEDGER_ERA_H
#define OMLEDGER_ERA_H

#include <stddef.h>
#include <stdint.h>

/* The first Gregorian date that has an era name here. */
#define ERA_MIN_YEAR	1873

typedef struct EraInfo
{
	const char *name;			/* 令和, in UTF-8 */
	char		letter;			/* R */
	int			first_ymd;		/* first day as y*10000+m*100+d */
	int			offset;			/* Gregorian year = era year + offset */
} EraInfo;

extern const EraInfo era_table[];
extern const int era_count;

/* Status codes shared by the era and fiscal_period parsers. */
typedef enum WaStatus
{
	WA_OK = 0,
	WA_SYNTAX,					/* not the shape of any accepted form */
	WA_FIELD,					/* a month, day or quarter number out of bounds */
	WA_ERA,						/* an era year or date outside its era */
	WA_RANGE					/* outside the supported range */
} WaStatus;

/* What went wrong, in words the SQL layer passes on as detail and hint. */
typedef struct WaError
{
	WaStatus	status;
	char		detail[512];
	char		hint[512];
} WaError;

extern void wa_error(WaError *err, WaStatus status, const char *hint,
					 const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

/* A date as one comparable number, y*10000+m*100+d. */
static inline int64_t
ymd_pack(int y, int m, int d)
{
	return (int64_t) y * 10000 + m * 100 + d;
}

extern int	days_in_month(int y, int m);

/* Index into era_table of the era in force on y-m-d, or -1 before 1873. */
extern int	era_of_date(int y, int m, int d);

/* First day after era e (packed), or INT64_MAX for the current era. */
extern int64_t era_end_ymd(int e);

/* Last Gregorian year that has days in era e (INT32_MAX for the current). */
extern int	era_last_year(int e);

/* Writes "1989-01-08 to 2019-04-30" or "2019-05-01 onwards". */
extern void era_span(char *buf, size_t len, int e);

/* Writes 令和7 / 令和元 (era name and year) to buf; returns its length. */
extern size_t era_year_format(char *buf, size_t len, int e, int gyear);

/*
 * Input normalisation shared by every parser here: full-width ASCII
 * (U+FF01..U+FF5E) becomes ASCII, the ideographic space U+3000 a space,
 * ASCII letters upper case; leading and trailing spaces are dropped.
 * Returns the length written to out (at most 2*len+1 bytes are needed,
 * never more than len), or -1 when the input holds a NUL byte.
 */
extern long wa_normalize(const char *in, size_t len, char *out);

/* A cursor over normalised input. */
typedef struct WaCursor
{
	const char *p;
	const char *end;
} WaCursor;

extern void wa_skip_spaces(WaCursor *c);
extern int	wa_literal(WaCursor *c, const char *lit);
/* Up to maxdigits ASCII digits; returns the count read (0 = none). */
extern int	wa_digits(WaCursor *c, int maxdigits, int *value);

/*
 * Parses an era name (令和, ㋿, or a letter M/T/S/H/R) and an era year
 * (digits or 元) and returns the era index and year, or -1 (no era name at
 * the cursor, cursor unmoved) or -2 (an era name with a bad year; err set).
 */
extern int	wa_era_year(WaCursor *c, int *eyear, WaError *err);

/* Formats y-m-d as 令和7年10月1日. Returns 0, or -1 before 1873. */
extern int	wareki_format(char *buf, size_t len, int y, int m, int d);

/* Parses 令和7年10月1日, 令和元年5月1日, R7.10.1, H31/4/30 and the like. */
extern WaStatus wareki_parse(const char *in, size_t len,
							 int *y, int *m, int *d, WaError *err);

#endif							/* OMLEDGER_ERA_H */
