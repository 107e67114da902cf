/*
 * effort.c
 *	  fmgr glue of omledger.effort: a signed 64-bit count of minutes, passed
 *	  by value.  Parsing and formatting are in core/effort.c; comparison,
 *	  hashing, send/recv and min/max are PostgreSQL's own int8 functions bound
 *	  in src/sql/10_effort.sql (as contrib/isn does), so only what differs
 *	  from int8 lives here.
 */
#include "postgres.h"

#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "effort.h"
#include "encoding.h"
#include "omledger.h"

static pg_attribute_noreturn() void
effort_out_of_range(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("effort out of range")));
}

/* ---------------------------------------------------------------- text I/O */

/*
 * The core reads and writes UTF-8; src/encoding.c converts to and from the
 * database encoding (EUC_JP, say).  UTF-8 and SQL_ASCII databases pass bytes
 * through unchanged (SQL_ASCII promises nothing about them, so stray bytes
 * there are a 22P02 like any other junk, not an encoding error).
 */

/* The bytes [start, end) of the UTF-8 text, for a message in server encoding. */
static char *
span_text(const char *utf8, size_t start, size_t end)
{
	return om_message(pnstrdup(utf8 + start, end - start));
}

static pg_attribute_noreturn() void
effort_parse_error(const char *input, const char *utf8, EffortParseResult r)
{
	const char *part = span_text(utf8, r.err_start, r.err_end);

	if (r.status == EFFORT_ERR_RANGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value \"%s\" is out of range for type %s", input, "effort")));
	if (r.status == EFFORT_ERR_FRACTION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", "effort", input),
				 errdetail("\"%s\" is not a whole number of minutes.", part),
				 errhint("Effort is counted in whole minutes and is never rounded on input.")));
	if (r.status == EFFORT_ERR_NO_UNIT || r.status == EFFORT_ERR_BAD_UNIT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", "effort", input),
				 r.status == EFFORT_ERR_NO_UNIT ?
				 errdetail("The number \"%s\" has no unit.", part) :
				 errdetail("\"%s\" is not a unit of effort.", part),
				 errhint("The units are pm, pd, h and min, or their long, man-month and Japanese spellings.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", "effort", input),
			 r.status == EFFORT_ERR_EMPTY ?
			 errdetail("An effort needs at least one term such as \"3pd\", or \"0\".") :
			 errdetail("A number was expected at \"%s\".", part),
			 errhint("Write one or more terms such as \"2pm 3pd 4h 30min\"; a minus sign may only stand in front of the whole value.")));
}

PG_FUNCTION_INFO_V1(effort_in);
Datum
effort_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	size_t		len = strlen(input);
	const char *utf8 = om_server_to_utf8(input, &len);
	EffortParseResult r;

	r = effort_parse(utf8, len);
	if (r.status != EFFORT_OK)
		effort_parse_error(input, utf8, r);
	PG_RETURN_EFFORT(r.minutes);
}

/*
 * Reads omledger.effort_style, so it is STABLE in SQL, like date_out.  Both
 * styles read back through effort_in.
 */
PG_FUNCTION_INFO_V1(effort_out);
Datum
effort_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(effort_cstring(PG_GETARG_EFFORT(0)));
}

/* The text of an effort in the session's style and encoding (palloc'd). */
char *
effort_cstring(int64 minutes)
{
	char		buf[EFFORT_FORMAT_BUFLEN];

	effort_format(minutes,
				  omledger_effort_style == EFFORT_STYLE_JA ?
				  EFFORT_FORMAT_JA : EFFORT_FORMAT_EN,
				  buf);
	return pstrdup(om_utf8_to_server(buf, "effort_out"));
}

/* -------------------------------------------------------------- arithmetic */

PG_FUNCTION_INFO_V1(effort_pl);
Datum
effort_pl(PG_FUNCTION_ARGS)
{
	int64		r;

	if (pg_add_s64_overflow(PG_GETARG_EFFORT(0), PG_GETARG_EFFORT(1), &r))
		effort_out_of_range();
	PG_RETURN_EFFORT(r);
}

PG_FUNCTION_INFO_V1(effort_mi);
Datum
effort_mi(PG_FUNCTION_ARGS)
{
	int64		r;

	if (pg_sub_s64_overflow(PG_GETARG_EFFORT(0), PG_GETARG_EFFORT(1), &r))
		effort_out_of_range();
	PG_RETURN_EFFORT(r);
}

PG_FUNCTION_INFO_V1(effort_um);
Datum
effort_um(PG_FUNCTION_ARGS)
{
	int64		r;

	if (pg_sub_s64_overflow(0, PG_GETARG_EFFORT(0), &r))
		effort_out_of_range();
	PG_RETURN_EFFORT(r);
}

PG_FUNCTION_INFO_V1(effort_abs);
Datum
effort_abs(PG_FUNCTION_ARGS)
{
	int64		e = PG_GETARG_EFFORT(0);

	if (e == PG_INT64_MIN)
		effort_out_of_range();
	PG_RETURN_EFFORT(e < 0 ? -e : e);
}

static Numeric
effort_to_numeric(int64 minutes)
{
	return int64_to_numeric(minutes);
}

static int
numeric_compare(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp,
											 NumericGetDatum(a), NumericGetDatum(b)));
}

static bool
numeric_is_negative(Numeric n)
{
	return numeric_compare(n, int64_to_numeric(0)) < 0;
}

/* A whole-minute numeric as an effort; 22003 outside int64. */
static int64
numeric_to_effort(Numeric n)
{
	static Numeric lo,
				hi;

	if (numeric_is_nan(n) || numeric_is_inf(n))
		effort_out_of_range();
	if (lo == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		lo = int64_to_numeric(PG_INT64_MIN);
		hi = int64_to_numeric(PG_INT64_MAX);
		MemoryContextSwitchTo(old);
	}
	if (numeric_compare(n, lo) < 0 || numeric_compare(n, hi) > 0)
		effort_out_of_range();
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(n)));
}

static void
reject_nan(Numeric factor, const char *op)
{
	if (numeric_is_nan(factor))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot %s effort by NaN", op)));
}

/* e * factor, rounded half away from zero to the minute (numeric round()). */
static int64
effort_mul_internal(int64 e, Numeric factor)
{
	Datum		product;

	reject_nan(factor, "multiply");
	if (numeric_is_inf(factor))
	{
		if (e == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot multiply zero effort by infinity")));
		effort_out_of_range();
	}
	/* numeric multiplication is exact; only the final round() rounds */
	product = DirectFunctionCall2(numeric_mul,
								  NumericGetDatum(effort_to_numeric(e)),
								  NumericGetDatum(factor));
	product = DirectFunctionCall2(numeric_round, product, Int32GetDatum(0));
	return numeric_to_effort(DatumGetNumeric(product));
}

PG_FUNCTION_INFO_V1(effort_mul_numeric);
Datum
effort_mul_numeric(PG_FUNCTION_ARGS)
{
	PG_RETURN_EFFORT(effort_mul_internal(PG_GETARG_EFFORT(0), PG_GETARG_NUMERIC(1)));
}

PG_FUNCTION_INFO_V1(numeric_mul_effort);
Datum
numeric_mul_effort(PG_FUNCTION_ARGS)
{
	PG_RETURN_EFFORT(effort_mul_internal(PG_GETARG_EFFORT(1), PG_GETARG_NUMERIC(0)));
}

/*
 * e / divisor rounded half away from zero, exactly: the truncated quotient
 * and the remainder decide, so no intermediate rounding can tip a result
 * that lies just below a half.
 */
PG_FUNCTION_INFO_V1(effort_div_numeric);
Datum
effort_div_numeric(PG_FUNCTION_ARGS)
{
	int64		e = PG_GETARG_EFFORT(0);
	Numeric		divisor = PG_GETARG_NUMERIC(1);
	Datum		a = NumericGetDatum(effort_to_numeric(e));
	Datum		d = NumericGetDatum(divisor);
	Datum		q,
				r,
				twice_r;
	int64		result;

	reject_nan(divisor, "divide");
	if (numeric_is_inf(divisor))
		PG_RETURN_EFFORT(0);
	/* numeric_div_trunc raises 22012 on a zero divisor */
	q = DirectFunctionCall2(numeric_div_trunc, a, d);
	r = DirectFunctionCall2(numeric_sub, a, DirectFunctionCall2(numeric_mul, q, d));
	twice_r = DirectFunctionCall2(numeric_add, r, r);
	result = numeric_to_effort(DatumGetNumeric(q));
	if (numeric_compare(DatumGetNumeric(DirectFunctionCall1(numeric_abs, twice_r)),
							 DatumGetNumeric(DirectFunctionCall1(numeric_abs, d))) >= 0)
	{
		/* the quotient's sign is the sign of e * divisor */
		bool		negative = (e < 0) != numeric_is_negative(divisor);

		if (negative ? pg_sub_s64_overflow(result, 1, &result) :
			pg_add_s64_overflow(result, 1, &result))
			effort_out_of_range();
	}
	PG_RETURN_EFFORT(result);
}

PG_FUNCTION_INFO_V1(effort_div);
Datum
effort_div(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall2(numeric_div,
							   NumericGetDatum(effort_to_numeric(PG_GETARG_EFFORT(0))),
							   NumericGetDatum(effort_to_numeric(PG_GETARG_EFFORT(1))));
}

/* ------------------------------------------------------------- conversions */

/*
 * make_effort(pm, pd, h, min): the exact sum, which must be a whole number
 * of minutes.  Never rounds: a fraction of a minute is a mistake upstream.
 */
PG_FUNCTION_INFO_V1(make_effort);
Datum
make_effort(PG_FUNCTION_ARGS)
{
	static const int64 unit[4] = {EFFORT_MIN_PER_PM, EFFORT_MIN_PER_PD, EFFORT_MIN_PER_HOUR, 1};
	Datum		total = NumericGetDatum(int64_to_numeric(0));
	Datum		whole;

	for (int k = 0; k < 4; k++)
	{
		Numeric		arg = PG_GETARG_NUMERIC(k);
		Datum		term;

		if (numeric_is_nan(arg))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot make an effort from NaN")));
		if (numeric_is_inf(arg))
			effort_out_of_range();
		term = DirectFunctionCall2(numeric_mul, NumericGetDatum(arg),
								   NumericGetDatum(int64_to_numeric(unit[k])));
		total = DirectFunctionCall2(numeric_add, total, term);
	}
	whole = DirectFunctionCall2(numeric_trunc, total, Int32GetDatum(0));
	if (numeric_compare(DatumGetNumeric(whole), DatumGetNumeric(total)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("effort is not a whole number of minutes"),
				 errdetail("The arguments add up to %s minutes.",
						   DatumGetCString(DirectFunctionCall1(numeric_out, total))),
				 errhint("Effort is counted in whole minutes and is never rounded; round the arguments first if that is what you mean.")));
	PG_RETURN_EFFORT(numeric_to_effort(DatumGetNumeric(whole)));
}

/*
 * An effort in a unit as numeric: exact whenever the quotient is a finite
 * decimal (any multiple of 3 minutes, for example), otherwise rounded half
 * away from zero at EFFORT_UNIT_SCALE fractional digits.
 */
#define EFFORT_UNIT_SCALE 20

static Datum
effort_in_unit(int64 minutes, int64 unit)
{
	char		buf[EFFORT_DECIMAL_BUFLEN];

	effort_to_decimal(minutes, unit, EFFORT_UNIT_SCALE, buf);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

PG_FUNCTION_INFO_V1(effort_pm);
Datum
effort_pm(PG_FUNCTION_ARGS)
{
	return effort_in_unit(PG_GETARG_EFFORT(0), EFFORT_MIN_PER_PM);
}

PG_FUNCTION_INFO_V1(effort_pd);
Datum
effort_pd(PG_FUNCTION_ARGS)
{
	return effort_in_unit(PG_GETARG_EFFORT(0), EFFORT_MIN_PER_PD);
}

PG_FUNCTION_INFO_V1(effort_hours);
Datum
effort_hours(PG_FUNCTION_ARGS)
{
	return effort_in_unit(PG_GETARG_EFFORT(0), EFFORT_MIN_PER_HOUR);
}

PG_FUNCTION_INFO_V1(effort_minutes);
Datum
effort_minutes(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_EFFORT(0));
}

/*
 * interval -> effort: only the clock part, and only whole minutes.  An
 * interval's day is a calendar day (24 hours, or 23/25 across a DST change)
 * while a person-day is 8 working hours, so days and months are refused
 * rather than guessed at.
 */
PG_FUNCTION_INFO_V1(effort_from_interval);
Datum
effort_from_interval(PG_FUNCTION_ARGS)
{
	Interval   *iv = PG_GETARG_INTERVAL_P(0);

	if (iv->month != 0 || iv->day != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot convert an interval with days or months to effort"),
				 errdetail("The interval \"%s\" has a day or month part.",
						   DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(iv)))),
				 errhint("An interval day is 24 hours but a person-day is 8 hours: write the interval in hours, or use make_effort(pd => ...).")));
	if (iv->time % USECS_PER_MINUTE != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("interval is not a whole number of minutes"),
				 errdetail("The interval \"%s\" has a fraction of a minute.",
						   DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(iv)))),
				 errhint("Effort is counted in whole minutes and is never rounded; use date_trunc('minute', ...) first if that is what you mean.")));
	PG_RETURN_EFFORT(iv->time / USECS_PER_MINUTE);
}

/* effort -> interval: the working time as clock hours (1pd is 8 hours). */
PG_FUNCTION_INFO_V1(effort_to_interval);
Datum
effort_to_interval(PG_FUNCTION_ARGS)
{
	Interval   *iv = palloc0(sizeof(Interval));

	if (pg_mul_s64_overflow(PG_GETARG_EFFORT(0), USECS_PER_MINUTE, &iv->time))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range")));
	PG_RETURN_INTERVAL_P(iv);
}

/* -------------------------------------------------------------- aggregates */

/*
 * The state of sum(effort) and avg(effort): a 128-bit sum, so that no
 * intermediate total can overflow (like sum(int8)), and the row count.
 */
typedef struct EffortAggState
{
	int64		count;
	EffortSum128 sum;
} EffortAggState;

static EffortAggState *
effort_agg_new_state(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "effort aggregate support function called in non-aggregate context");
	return MemoryContextAllocZero(aggcontext, sizeof(EffortAggState));
}

PG_FUNCTION_INFO_V1(effort_accum);
Datum
effort_accum(PG_FUNCTION_ARGS)
{
	EffortAggState *state = PG_ARGISNULL(0) ?
		effort_agg_new_state(fcinfo) : (EffortAggState *) PG_GETARG_POINTER(0);

	if (!PG_ARGISNULL(1))
	{
		effort_sum128_add(&state->sum, PG_GETARG_EFFORT(1));
		state->count++;
	}
	PG_RETURN_POINTER(state);
}

/* Inverse transition for moving windows: the exact opposite of effort_accum. */
PG_FUNCTION_INFO_V1(effort_accum_inv);
Datum
effort_accum_inv(PG_FUNCTION_ARGS)
{
	EffortAggState *state = PG_ARGISNULL(0) ?
		effort_agg_new_state(fcinfo) : (EffortAggState *) PG_GETARG_POINTER(0);

	if (!PG_ARGISNULL(1))
	{
		effort_sum128_sub(&state->sum, PG_GETARG_EFFORT(1));
		state->count--;
	}
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(effort_combine);
Datum
effort_combine(PG_FUNCTION_ARGS)
{
	EffortAggState *s1 = PG_ARGISNULL(0) ? NULL : (EffortAggState *) PG_GETARG_POINTER(0);
	EffortAggState *s2 = PG_ARGISNULL(1) ? NULL : (EffortAggState *) PG_GETARG_POINTER(1);

	if (s2 == NULL)
	{
		if (s1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s1);
	}
	if (s1 == NULL)
	{
		/* the result must live in the aggregate context, not in s2's */
		s1 = effort_agg_new_state(fcinfo);
		*s1 = *s2;
		PG_RETURN_POINTER(s1);
	}
	s1->count += s2->count;
	effort_sum128_combine(&s1->sum, &s2->sum);
	PG_RETURN_POINTER(s1);
}

/* Serialized state: count, high and low half of the sum, 8 bytes each, network order. */
PG_FUNCTION_INFO_V1(effort_serialize);
Datum
effort_serialize(PG_FUNCTION_ARGS)
{
	EffortAggState *state;
	StringInfoData buf;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "effort aggregate support function called in non-aggregate context");
	state = (EffortAggState *) PG_GETARG_POINTER(0);
	pq_begintypsend(&buf);
	pq_sendint64(&buf, state->count);
	pq_sendint64(&buf, state->sum.hi);
	pq_sendint64(&buf, (int64) state->sum.lo);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(effort_deserialize);
Datum
effort_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *sstate = PG_GETARG_BYTEA_PP(0);
	EffortAggState *state;
	StringInfoData buf;

	state = effort_agg_new_state(fcinfo);
	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, VARDATA_ANY(sstate), VARSIZE_ANY_EXHDR(sstate));
	state->count = pq_getmsgint64(&buf);
	state->sum.hi = pq_getmsgint64(&buf);
	state->sum.lo = (uint64) pq_getmsgint64(&buf);
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(effort_sum_final);
Datum
effort_sum_final(PG_FUNCTION_ARGS)
{
	EffortAggState *state = PG_ARGISNULL(0) ? NULL : (EffortAggState *) PG_GETARG_POINTER(0);
	int64		result;

	if (state == NULL || state->count == 0)
		PG_RETURN_NULL();
	if (!effort_sum128_to_int64(&state->sum, &result))
		effort_out_of_range();
	PG_RETURN_EFFORT(result);
}

/* The mean, rounded half away from zero to the minute (like effort / numeric). */
PG_FUNCTION_INFO_V1(effort_avg_final);
Datum
effort_avg_final(PG_FUNCTION_ARGS)
{
	EffortAggState *state = PG_ARGISNULL(0) ? NULL : (EffortAggState *) PG_GETARG_POINTER(0);
	int64		result;

	if (state == NULL || state->count == 0)
		PG_RETURN_NULL();
	if (!effort_sum128_div_round(&state->sum, state->count, &result))
		elog(ERROR, "effort average out of range");	/* a mean lies within its inputs */
	PG_RETURN_EFFORT(result);
}
