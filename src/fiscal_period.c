/*
 * fiscal_period.c
 *	  fmgr glue of the fiscal_period type: I/O, constructors, accessors,
 *	  containment, arithmetic and the period series.  The logic is in
 *	  src/core/fiscal_period.c; comparison and hashing are int4's own
 *	  functions, bound in SQL (the encoding sorts as the type must).
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "encoding.h"
#include "fiscal_period.h"
#include "omledger.h"

#define DatumGetFiscalPeriod(X)		((FiscalPeriod) DatumGetInt32(X))
#define FiscalPeriodGetDatum(X)		Int32GetDatum(X)
#define PG_GETARG_FISCAL_PERIOD(n)	DatumGetFiscalPeriod(PG_GETARG_DATUM(n))
#define PG_RETURN_FISCAL_PERIOD(x)	return FiscalPeriodGetDatum(x)

/* In UTF-8 (it names 明治6年度): pass it through om_message(). */
static const char range_detail[] = FP_RANGE_DETAIL;

/* Reports a core parse failure for input text str (server encoding) of type typname. */
static void
report_wa_error(const WaError *err, const char *typname, const char *str)
{
	if (err->status == WA_RANGE)
		ereport(ERROR,
				(errcode(strcmp(typname, "date") == 0 ?
						 ERRCODE_DATETIME_VALUE_OUT_OF_RANGE :
						 ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value \"%s\" is out of range for type %s", str, typname),
				 errdetail("%s", om_message(err->detail)),
				 err->hint[0] ? errhint("%s", om_message(err->hint)) : 0));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", typname, str),
			 errdetail("%s", om_message(err->detail)),
			 err->hint[0] ? errhint("%s", om_message(err->hint)) : 0));
}

static void
report_out_of_range(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("fiscal_period out of range"),
			 errdetail("%s", om_message(range_detail))));
}

static FpGranularity
granularity_arg(text *t)
{
	size_t		len = VARSIZE_ANY_EXHDR(t);
	const char *s = om_server_to_utf8(VARDATA_ANY(t), &len);
	int			g = fp_granularity_parse(s, len);

	if (g < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid fiscal_period granularity: \"%s\"", text_to_cstring(t)),
				 errhint("Use year, half, quarter or month.")));
	return (FpGranularity) g;
}

/* The calendar year and month of a finite date. */
static void
date_ym(DateADT d, int *y, int *m)
{
	int			dd;

	j2date(d + POSTGRES_EPOCH_JDATE, y, m, &dd);
}

/* The first day of calendar month count mon (12 * year + month - 1). */
static DateADT
month_first_day(int32 mon)
{
	return date2j(mon / 12, mon % 12 + 1, 1) - POSTGRES_EPOCH_JDATE;
}

static FiscalPeriod
period_of_date(DateADT d, FpGranularity g)
{
	int			y,
				m;
	FiscalPeriod p;

	if (DATE_NOT_FINITE(d))
		report_out_of_range();
	date_ym(d, &y, &m);
	if (fp_from_month(y, m, g, &p) < 0)
		report_out_of_range();
	return p;
}

/*
 * p in style, in the database encoding; fn names the SQL function for an
 * error about a character that encoding lacks.
 */
static char *
format_period(FiscalPeriod p, FpStyle style, const char *fn)
{
	char	   *buf = palloc(FP_OUTPUT_LEN);

	fp_format(p, style, buf, FP_OUTPUT_LEN);
	return om_utf8_to_server(buf, fn);
}

/* ---------------------------------------------------------------- I/O */

PG_FUNCTION_INFO_V1(fiscal_period_in);
Datum
fiscal_period_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	size_t		len = strlen(str);
	const char *utf8 = om_server_to_utf8(str, &len);
	FiscalPeriod p;
	WaError		err;

	if (fp_parse(utf8, len, &p, &err) != WA_OK)
		report_wa_error(&err, "fiscal_period", str);
	PG_RETURN_FISCAL_PERIOD(p);
}

PG_FUNCTION_INFO_V1(fiscal_period_out);
Datum
fiscal_period_out(PG_FUNCTION_ARGS)
{
	FiscalPeriod p = PG_GETARG_FISCAL_PERIOD(0);

	PG_RETURN_CSTRING(format_period(p, omledger_period_style == PERIOD_STYLE_WAREKI ?
									FP_STYLE_WAREKI : FP_STYLE_ISO, "fiscal_period_out"));
}

/* Binary form: the int4 encoding of fiscal_period.h, checked on receipt. */
PG_FUNCTION_INFO_V1(fiscal_period_recv);
Datum
fiscal_period_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	FiscalPeriod p = (FiscalPeriod) pq_getmsgint(buf, 4);

	if (!fp_valid(p))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type fiscal_period: %d", (int) p),
				 errdetail("%s", om_message(range_detail))));
	PG_RETURN_FISCAL_PERIOD(p);
}

PG_FUNCTION_INFO_V1(fiscal_period_send);
Datum
fiscal_period_send(PG_FUNCTION_ARGS)
{
	FiscalPeriod p = PG_GETARG_FISCAL_PERIOD(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, (uint32) p);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ------------------------------------------------------- constructors */

PG_FUNCTION_INFO_V1(fiscal_period);
Datum
fiscal_period(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	FpGranularity g = granularity_arg(PG_GETARG_TEXT_PP(1));

	PG_RETURN_FISCAL_PERIOD(period_of_date(d, g));
}

PG_FUNCTION_INFO_V1(fiscal_period_parent);
Datum
fiscal_period_parent(PG_FUNCTION_ARGS)
{
	FiscalPeriod p = PG_GETARG_FISCAL_PERIOD(0);
	FpGranularity g = granularity_arg(PG_GETARG_TEXT_PP(1));

	if (g > fp_granularity(p))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a %s has no parent %s", fp_granularity_name(fp_granularity(p)),
						fp_granularity_name(g)),
				 errdetail("A %s is finer than a %s.", fp_granularity_name(g),
						   fp_granularity_name(fp_granularity(p))),
				 errhint("Use fiscal_periods(p::daterange, '%s') for the periods inside it.",
						 fp_granularity_name(g))));
	PG_RETURN_FISCAL_PERIOD(fp_parent(p, g));
}

/* ---------------------------------------------------------- accessors */

PG_FUNCTION_INFO_V1(fiscal_period_fiscal_year);
Datum
fiscal_period_fiscal_year(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(fp_fiscal_year(PG_GETARG_FISCAL_PERIOD(0)));
}

PG_FUNCTION_INFO_V1(fiscal_year_of_date);
Datum
fiscal_year_of_date(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(fp_fiscal_year(period_of_date(PG_GETARG_DATEADT(0), FP_YEAR)));
}

PG_FUNCTION_INFO_V1(fiscal_period_granularity);
Datum
fiscal_period_granularity(PG_FUNCTION_ARGS)
{
	FiscalPeriod p = PG_GETARG_FISCAL_PERIOD(0);

	PG_RETURN_TEXT_P(cstring_to_text(fp_granularity_name(fp_granularity(p))));
}

PG_FUNCTION_INFO_V1(fiscal_period_lower);
Datum
fiscal_period_lower(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(month_first_day(fp_first_month(PG_GETARG_FISCAL_PERIOD(0))));
}

/* Exclusive, like upper(daterange): the first day after the period. */
PG_FUNCTION_INFO_V1(fiscal_period_upper);
Datum
fiscal_period_upper(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(month_first_day(fp_end_month(PG_GETARG_FISCAL_PERIOD(0))));
}

/* Formats in an explicit style, whatever omledger.period_style says. */
PG_FUNCTION_INFO_V1(fiscal_period_text);
Datum
fiscal_period_text(PG_FUNCTION_ARGS)
{
	FiscalPeriod p = PG_GETARG_FISCAL_PERIOD(0);
	text	   *style = PG_GETARG_TEXT_PP(1);
	char	   *s = text_to_cstring(style);
	FpStyle		st;

	if (pg_strcasecmp(s, "iso") == 0)
		st = FP_STYLE_ISO;
	else if (pg_strcasecmp(s, "wareki") == 0)
		st = FP_STYLE_WAREKI;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid fiscal_period style: \"%s\"", s),
				 errhint("Use iso or wareki.")));
	PG_RETURN_TEXT_P(cstring_to_text(format_period(p, st, "fiscal_period_text")));
}

PG_FUNCTION_INFO_V1(fiscal_period_daterange);
Datum
fiscal_period_daterange(PG_FUNCTION_ARGS)
{
	FiscalPeriod p = PG_GETARG_FISCAL_PERIOD(0);
	TypeCacheEntry *typcache = (TypeCacheEntry *) fcinfo->flinfo->fn_extra;
	RangeBound	lower;
	RangeBound	upper;

	if (typcache == NULL)
	{
		typcache = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
		fcinfo->flinfo->fn_extra = typcache;
	}
	lower.val = DateADTGetDatum(month_first_day(fp_first_month(p)));
	lower.infinite = false;
	lower.inclusive = true;
	lower.lower = true;
	upper.val = DateADTGetDatum(month_first_day(fp_end_month(p)));
	upper.infinite = false;
	upper.inclusive = false;
	upper.lower = false;
	PG_RETURN_RANGE_P(range_serialize(typcache, &lower, &upper, false));
}

/* -------------------------------------------------------- containment */

static bool
contains_date(FiscalPeriod p, DateADT d)
{
	int			y,
				m;

	if (DATE_NOT_FINITE(d))
		return false;
	date_ym(d, &y, &m);
	return fp_contains_month(p, y, m);
}

PG_FUNCTION_INFO_V1(fiscal_period_contains_date);
Datum
fiscal_period_contains_date(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(contains_date(PG_GETARG_FISCAL_PERIOD(0), PG_GETARG_DATEADT(1)));
}

PG_FUNCTION_INFO_V1(fiscal_period_date_contained);
Datum
fiscal_period_date_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(contains_date(PG_GETARG_FISCAL_PERIOD(1), PG_GETARG_DATEADT(0)));
}

PG_FUNCTION_INFO_V1(fiscal_period_contains);
Datum
fiscal_period_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(fp_contains(PG_GETARG_FISCAL_PERIOD(0), PG_GETARG_FISCAL_PERIOD(1)));
}

PG_FUNCTION_INFO_V1(fiscal_period_contained);
Datum
fiscal_period_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(fp_contains(PG_GETARG_FISCAL_PERIOD(1), PG_GETARG_FISCAL_PERIOD(0)));
}

PG_FUNCTION_INFO_V1(fiscal_period_overlaps);
Datum
fiscal_period_overlaps(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(fp_overlaps(PG_GETARG_FISCAL_PERIOD(0), PG_GETARG_FISCAL_PERIOD(1)));
}

/* --------------------------------------------------------- arithmetic */

static FiscalPeriod
add_periods(FiscalPeriod p, int64 n)
{
	FiscalPeriod r;

	if (fp_add(p, n, &r) < 0)
		report_out_of_range();
	return r;
}

PG_FUNCTION_INFO_V1(fiscal_period_pl_int);
Datum
fiscal_period_pl_int(PG_FUNCTION_ARGS)
{
	PG_RETURN_FISCAL_PERIOD(add_periods(PG_GETARG_FISCAL_PERIOD(0), PG_GETARG_INT32(1)));
}

PG_FUNCTION_INFO_V1(fiscal_period_int_pl);
Datum
fiscal_period_int_pl(PG_FUNCTION_ARGS)
{
	PG_RETURN_FISCAL_PERIOD(add_periods(PG_GETARG_FISCAL_PERIOD(1), PG_GETARG_INT32(0)));
}

PG_FUNCTION_INFO_V1(fiscal_period_mi_int);
Datum
fiscal_period_mi_int(PG_FUNCTION_ARGS)
{
	PG_RETURN_FISCAL_PERIOD(add_periods(PG_GETARG_FISCAL_PERIOD(0),
										-(int64) PG_GETARG_INT32(1)));
}

static void
check_same_granularity(FiscalPeriod a, FiscalPeriod b)
{
	if (fp_granularity(a) != fp_granularity(b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fiscal_period granularities do not match"),
				 errdetail("%s is a %s and %s is a %s.",
						   format_period(a, FP_STYLE_ISO, "fiscal_period"), fp_granularity_name(fp_granularity(a)),
						   format_period(b, FP_STYLE_ISO, "fiscal_period"), fp_granularity_name(fp_granularity(b))),
				 errhint("Bring both to one granularity with parent() first.")));
}

PG_FUNCTION_INFO_V1(fiscal_period_mi);
Datum
fiscal_period_mi(PG_FUNCTION_ARGS)
{
	FiscalPeriod a = PG_GETARG_FISCAL_PERIOD(0);
	FiscalPeriod b = PG_GETARG_FISCAL_PERIOD(1);

	check_same_granularity(a, b);
	PG_RETURN_INT32(fp_diff(a, b));
}

/* -------------------------------------------------------------- series */

/*
 * Value-per-call, like generate_series: a series is pure arithmetic, so it
 * streams in constant memory and stops early under LIMIT; a materialized
 * tuplestore would buy nothing.
 */
typedef struct SeriesState
{
	FiscalPeriod next;
	FiscalPeriod last;
} SeriesState;

static Datum
series_next(FunctionCallInfo fcinfo, FuncCallContext *fctx)
{
	SeriesState *st = (SeriesState *) fctx->user_fctx;

	if (st->next <= st->last)
	{
		FiscalPeriod p = st->next;

		/* past the end of the range means past st->last too */
		if (fp_add(p, 1, &st->next) < 0)
			st->last = -1;
		SRF_RETURN_NEXT(fctx, FiscalPeriodGetDatum(p));
	}
	SRF_RETURN_DONE(fctx);
}

static void
series_init(FunctionCallInfo fcinfo, FiscalPeriod first, FiscalPeriod last)
{
	FuncCallContext *fctx = SRF_FIRSTCALL_INIT();
	SeriesState *st = MemoryContextAlloc(fctx->multi_call_memory_ctx,
										 sizeof(SeriesState));

	st->next = first;
	st->last = last;
	fctx->user_fctx = st;
}

PG_FUNCTION_INFO_V1(fiscal_periods);
Datum
fiscal_periods(PG_FUNCTION_ARGS)
{
	if (SRF_IS_FIRSTCALL())
	{
		FiscalPeriod from = PG_GETARG_FISCAL_PERIOD(0);
		FiscalPeriod to = PG_GETARG_FISCAL_PERIOD(1);

		check_same_granularity(from, to);
		series_init(fcinfo, from, to);
	}
	return series_next(fcinfo, SRF_PERCALL_SETUP());
}

PG_FUNCTION_INFO_V1(fiscal_periods_daterange);
Datum
fiscal_periods_daterange(PG_FUNCTION_ARGS)
{
	if (SRF_IS_FIRSTCALL())
	{
		RangeType  *r = PG_GETARG_RANGE_P(0);
		FpGranularity g = granularity_arg(PG_GETARG_TEXT_PP(1));
		/* not range_get_typcache: fn_extra belongs to the SRF machinery */
		TypeCacheEntry *typcache = lookup_type_cache(RangeTypeGetOid(r),
													 TYPECACHE_RANGE_INFO);
		RangeBound	lower;
		RangeBound	upper;
		bool		empty;

		range_deserialize(typcache, r, &lower, &upper, &empty);
		if (empty)
			series_init(fcinfo, 1, 0);
		else if (lower.infinite || upper.infinite)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("fiscal_periods needs a bounded daterange"),
					 errhint("Give the range both a lower and an upper bound.")));
		else
		{
			/* daterange is canonical: [lower, upper) */
			series_init(fcinfo,
						period_of_date(DatumGetDateADT(lower.val), g),
						period_of_date(DatumGetDateADT(upper.val) - 1, g));
		}
	}
	return series_next(fcinfo, SRF_PERCALL_SETUP());
}
