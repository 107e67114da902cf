/*
 * calendar.c
 *	  SQL glue of the national holidays, the closed days and the open-day
 *	  arithmetic, and the per-backend cache of the calendar's configuration
 *	  tables (calendar_override, online_hours, response_allowance).
 *
 * The cache: the three tables are tiny and read on every call of
 * is_closed_day() and friends, often once per row, so each backend keeps a
 * copy.  A statement-level trigger on each table (calendar_config_changed)
 * sends a relcache invalidation for it; our relcache callback marks the
 * copy stale.  The writer's own later statements process the message at
 * the end of the writing command, other backends when they next accept
 * invalidation messages, which we make them do once per statement.  The
 * copy is loaded with the latest snapshot, as the catalogs are: a change
 * is seen by the very next statement, also inside a REPEATABLE READ
 * transaction that started before it.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "encoding.h"
#include "errcodes.h"
#include "jp_holiday.h"
#include "omledger.h"

/* Default online hours of an open day: 08:45 - 17:15. */
#define DEFAULT_OPENS	((8 * 60 + 45) * USECS_PER_MINUTE)
#define DEFAULT_CLOSES	((17 * 60 + 15) * USECS_PER_MINUTE)

typedef struct DayHours
{
	int32		day;
	int64		opens;
	int64		closes;
} DayHours;

typedef struct Allowance
{
	char	   *party;
	int64		usecs;
	int64		in_hours_usecs;	/* 0 on a schema before 0.4 (no column) */
} Allowance;

typedef struct CalendarConfig
{
	MemoryContext cxt;
	Oid			nsp;
	Oid			relids[3];		/* override, hours, allowance */
	int			n_override;
	int32	   *override_day;	/* sorted */
	bool	   *override_closed;
	int64		wd_opens[7];	/* by weekday, 0 = Sunday */
	int64		wd_closes[7];
	int			n_dayhours;
	DayHours   *dayhours;		/* sorted by day */
	int			n_allowance;
	Allowance  *allowance;		/* sorted by party */
} CalendarConfig;

static CalendarConfig *config = NULL;
static bool config_stale = true;
/* Set by the callback; tells a load whether its tables changed meanwhile. */
static bool config_invalidated = false;
static bool config_this_statement_only = false;
/* The tables the copy was (or is being) loaded from, for the callback. */
static Oid	config_relids[3] = {InvalidOid, InvalidOid, InvalidOid};
static LocalTransactionId checked_lxid = InvalidLocalTransactionId;
static TimestampTz checked_stmt = 0;

static void
calendar_relcache_cb(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == config_relids[0] ||
		relid == config_relids[1] || relid == config_relids[2])
	{
		config_stale = true;
		config_invalidated = true;
	}
}

void
calendar_init(void)
{
	CacheRegisterRelcacheCallback(calendar_relcache_cb, (Datum) 0);
}

void
calendar_range_error(DateADT day)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("date out of range for the calendar: \"%s\"",
					DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(day)))),
			 errdetail("National holidays are computed up to 2150-12-31."),
			 errhint("Use a finite date no later than 2150-12-31.")));
}

/* ------------------------------------------------------------- loading */

static Oid
config_relid(Oid nsp, const char *name)
{
	Oid			relid = get_relname_relid(name, nsp);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_OM_CONFIGURATION),
				 errmsg("omledger configuration table \"%s\" is missing", name),
				 errdetail("The table %s.%s belongs to the extension and was dropped.",
						   get_namespace_name(nsp), name),
				 errhint("Reinstall the extension with DROP EXTENSION and CREATE EXTENSION.")));
	return relid;
}

/* Run a query on one config table with the latest snapshot. */
static void
config_query(Oid nsp, const char *table, const char *columns, const char *order)
{
	char	   *sql;
	SPIPlanPtr	plan;
	int			rc;
	/* SPI calls return in SPI's procedure context; the copy lives in ours */
	MemoryContext caller = CurrentMemoryContext;

	sql = psprintf("SELECT %s FROM %s ORDER BY %s", columns,
				   quote_qualified_identifier(get_namespace_name(nsp), table), order);
	plan = SPI_prepare(sql, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for \"%s\": %s", sql, SPI_result_code_string(SPI_result));
	/*
	 * The latest snapshot cannot be taken in parallel mode; the statement's
	 * snapshot is then used, and the copy is kept for this statement only.
	 */
	rc = SPI_execute_snapshot(plan, NULL, NULL,
							  IsInParallelMode() ? GetActiveSnapshot() : GetLatestSnapshot(),
							  InvalidSnapshot, true, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_snapshot failed for \"%s\": %s", sql, SPI_result_code_string(rc));
	MemoryContextSwitchTo(caller);
}

static int64
interval_usecs(Interval *iv)
{
	return iv->time + (int64) iv->day * USECS_PER_DAY +
		(int64) iv->month * DAYS_PER_MONTH * USECS_PER_DAY;
}

static void
load_overrides(CalendarConfig *c)
{
	uint64		i;

	config_query(c->nsp, "calendar_override", "day, closed", "day");
	c->n_override = (int) SPI_processed;
	c->override_day = palloc(sizeof(int32) * (SPI_processed + 1));
	c->override_closed = palloc(sizeof(bool) * (SPI_processed + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		isnull;

		c->override_day[i] = DatumGetDateADT(SPI_getbinval(t, d, 1, &isnull));
		c->override_closed[i] = DatumGetBool(SPI_getbinval(t, d, 2, &isnull));
	}
}

static void
load_hours(CalendarConfig *c)
{
	uint64		i;
	int			w;

	for (w = 0; w < 7; w++)
	{
		c->wd_opens[w] = DEFAULT_OPENS;
		c->wd_closes[w] = DEFAULT_CLOSES;
	}
	config_query(c->nsp, "online_hours", "weekday, day, opens, closes", "day, weekday");
	c->dayhours = palloc(sizeof(DayHours) * (SPI_processed + 1));
	c->n_dayhours = 0;
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		wnull,
					dnull,
					isnull;
		Datum		wd = SPI_getbinval(t, d, 1, &wnull);
		Datum		day = SPI_getbinval(t, d, 2, &dnull);
		int64		opens = DatumGetTimeADT(SPI_getbinval(t, d, 3, &isnull));
		int64		closes = DatumGetTimeADT(SPI_getbinval(t, d, 4, &isnull));

		if (!dnull)
		{
			DayHours   *h = &c->dayhours[c->n_dayhours++];

			h->day = DatumGetDateADT(day);
			h->opens = opens;
			h->closes = closes;
		}
		else if (!wnull && DatumGetInt16(wd) >= 0 && DatumGetInt16(wd) <= 6)
		{
			c->wd_opens[DatumGetInt16(wd)] = opens;
			c->wd_closes[DatumGetInt16(wd)] = closes;
		}
	}
}

static void
load_allowances(CalendarConfig *c)
{
	uint64		i;

	/* in_hours is new in 0.4: a 0.3 schema loaded by this library has none */
	bool		has_in_hours = get_attnum(c->relids[2], "in_hours") != InvalidAttrNumber;

	config_query(c->nsp, "response_allowance",
				 has_in_hours ? "party, out_of_hours, in_hours" : "party, out_of_hours",
				 "party COLLATE \"C\"");
	c->n_allowance = (int) SPI_processed;
	c->allowance = palloc(sizeof(Allowance) * (SPI_processed + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		isnull;

		c->allowance[i].party = TextDatumGetCString(SPI_getbinval(t, d, 1, &isnull));
		c->allowance[i].usecs = interval_usecs(DatumGetIntervalP(SPI_getbinval(t, d, 2, &isnull)));
		c->allowance[i].in_hours_usecs = has_in_hours
			? interval_usecs(DatumGetIntervalP(SPI_getbinval(t, d, 3, &isnull))) : 0;
	}
}

/*
 * Build a fresh copy in its own context; only a complete copy replaces the
 * old one, so an error while loading leaves nothing half-built behind.
 */
static CalendarConfig *
load_config(Oid nsp)
{
	MemoryContext cxt,
				old;
	CalendarConfig *c;

	cxt = AllocSetContextCreate(CurrentMemoryContext, "omledger calendar config",
								ALLOCSET_SMALL_SIZES);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	old = MemoryContextSwitchTo(cxt);
	c = palloc0(sizeof(CalendarConfig));
	c->cxt = cxt;
	c->nsp = nsp;
	c->relids[0] = config_relid(nsp, "calendar_override");
	c->relids[1] = config_relid(nsp, "online_hours");
	c->relids[2] = config_relid(nsp, "response_allowance");
	memcpy(config_relids, c->relids, sizeof(config_relids));
	/* From here on an invalidation of these tables is noticed. */
	config_invalidated = false;
	load_overrides(c);
	load_hours(c);
	load_allowances(c);
	MemoryContextSwitchTo(old);
	SPI_finish();
	MemoryContextSetParent(cxt, CacheMemoryContext);
	return c;
}

/*
 * The extension's schema: the calling SQL function's, or for a C caller
 * without one, the schema the control file fixes (not relocatable).
 */
static Oid
calendar_schema(Oid fn_oid)
{
	if (OidIsValid(fn_oid))
		return get_func_namespace(fn_oid);
	return get_namespace_oid("omledger", false);
}

/*
 * The current configuration.  fn_oid is the calling SQL function (its
 * schema is the extension's), or InvalidOid from C callers.
 */
CalendarConfig *
calendar_config(Oid fn_oid)
{
	TimestampTz stmt = GetCurrentStatementStartTimestamp();

	/* Once per statement, take in other backends' committed changes. */
	if (MyProc->lxid != checked_lxid || stmt != checked_stmt)
	{
		AcceptInvalidationMessages();
		checked_lxid = MyProc->lxid;
		checked_stmt = stmt;
		if (config_this_statement_only)
			config_stale = true;
	}
	if (config == NULL || config_stale)
	{
		Oid			nsp = calendar_schema(fn_oid);
		CalendarConfig *fresh;

		/*
		 * config_stale stays set until a load completes: an error (a lock
		 * timeout, a cancel) leaves the old copy marked stale, so the next
		 * call loads again instead of taking it as current.  A completed
		 * load is stale at once if its tables changed while it ran.
		 */
		config_stale = true;
		config_this_statement_only = IsInParallelMode();
		fresh = load_config(nsp);
		if (config != NULL)
			MemoryContextDelete(config->cxt);
		config = fresh;
		config_stale = config_invalidated;
	}
	return config;
}

/* ------------------------------------------------------------- lookups */

CalOverride
calendar_override_lookup(int32_t day, void *arg)
{
	CalendarConfig *c = (CalendarConfig *) arg;
	int			lo = 0,
				hi = c->n_override - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (c->override_day[mid] == day)
			return c->override_closed[mid] ? CAL_OV_CLOSED : CAL_OV_OPEN;
		if (c->override_day[mid] < day)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return CAL_OV_NONE;
}

/* A date row wins over a weekday row, which wins over the default. */
void
calendar_hours_lookup(int32_t day, void *arg, int64_t *opens, int64_t *closes)
{
	CalendarConfig *c = (CalendarConfig *) arg;
	int			lo = 0,
				hi = c->n_dayhours - 1;
	int			wd;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (c->dayhours[mid].day == day)
		{
			*opens = c->dayhours[mid].opens;
			*closes = c->dayhours[mid].closes;
			return;
		}
		if (c->dayhours[mid].day < day)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	wd = cal_weekday(day);
	*opens = c->wd_opens[wd];
	*closes = c->wd_closes[wd];
}

int64
calendar_party_allowance(CalendarConfig *c, const char *party, int64 *in_hours)
{
	StringInfoData known;
	int			i;

	for (i = 0; i < c->n_allowance; i++)
		if (strcmp(c->allowance[i].party, party) == 0)
		{
			*in_hours = c->allowance[i].in_hours_usecs;
			return c->allowance[i].usecs;
		}

	initStringInfo(&known);
	for (i = 0; i < c->n_allowance; i++)
		appendStringInfo(&known, "%s%s", i ? ", " : "", c->allowance[i].party);
	ereport(ERROR,
			(errcode(ERRCODE_OM_UNKNOWN_PARTY),
			 errmsg("unknown response party \"%s\"", party),
			 errdetail("The party must be one of the rows of %s.response_allowance.",
					   get_namespace_name(c->nsp)),
			 errhint("Known parties: %s.", known.len ? known.data : "(none)")));
	return 0;					/* keep compiler quiet */
}

/* ------------------------------------------------------------- SQL: holidays */

static void
check_finite(DateADT day)
{
	if (DATE_NOT_FINITE(day))
		calendar_range_error(day);
}

/* The holiday on a day; an error outside the range the law is computed for. */
static JpHoliday
holiday_kind(DateADT day)
{
	JpHoliday	kind;

	check_finite(day);
	kind = jp_holiday_kind(day);
	if (kind == JPH_OUT_OF_RANGE)
		calendar_range_error(day);
	return kind;
}

PG_FUNCTION_INFO_V1(jp_holiday_name);
Datum
jp_holiday_name(PG_FUNCTION_ARGS)
{
	JpHoliday	kind = holiday_kind(PG_GETARG_DATEADT(0));

	if (kind == JPH_NONE)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(om_utf8_to_text(jp_holiday_label(kind), "jp_holiday_name"));
}

PG_FUNCTION_INFO_V1(is_jp_holiday);
Datum
is_jp_holiday(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(holiday_kind(PG_GETARG_DATEADT(0)) != JPH_NONE);
}

/* jp_holidays(from, to): every holiday in [from, to], both ends included. */
PG_FUNCTION_INFO_V1(jp_holidays);
Datum
jp_holidays(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DateADT		from = PG_GETARG_DATEADT(0);
	DateADT		to = PG_GETARG_DATEADT(1);
	DateADT		day;

	check_finite(from);
	check_finite(to);
	if (to > jph_last_day)
		calendar_range_error(to);
	InitMaterializedSRF(fcinfo, 0);
	for (day = Max(from, jph_law_first_day); day <= to; day++)
	{
		JpHoliday	kind = jp_holiday_kind(day);
		Datum		values[2];
		bool		nulls[2] = {false, false};

		if (kind == JPH_NONE)
			continue;
		values[0] = DateADTGetDatum(day);
		values[1] = PointerGetDatum(om_utf8_to_text(jp_holiday_label(kind), "jp_holidays"));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ------------------------------------------------------------- SQL: open days */

static bool
closed_day(FunctionCallInfo fcinfo, DateADT day)
{
	CalendarConfig *c = calendar_config(CALENDAR_FN_OID(fcinfo));
	int			closed;

	check_finite(day);
	closed = cal_is_closed(day, calendar_override_lookup, c);
	if (closed < 0)
		calendar_range_error(day);
	return closed == 1;
}

PG_FUNCTION_INFO_V1(is_closed_day);
Datum
is_closed_day(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(closed_day(fcinfo, PG_GETARG_DATEADT(0)));
}

PG_FUNCTION_INFO_V1(is_open_day);
Datum
is_open_day(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!closed_day(fcinfo, PG_GETARG_DATEADT(0)));
}

/* add_open_days with the error handling every caller needs. */
static DateADT
open_day_plus(FunctionCallInfo fcinfo, DateADT day, int32 n)
{
	CalendarConfig *c = calendar_config(CALENDAR_FN_OID(fcinfo));
	int32_t		result;

	check_finite(day);
	if (cal_add_open_days(day, n, calendar_override_lookup, c,
						  &result) != CAL_OK)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range for the calendar: \"%s\" plus %d open days",
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(day))), n),
				 errdetail("National holidays are computed up to 2150-12-31."),
				 errhint("Count fewer open days, or from an earlier date.")));
	return result;
}

PG_FUNCTION_INFO_V1(next_open_day);
Datum
next_open_day(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(open_day_plus(fcinfo, PG_GETARG_DATEADT(0), 0));
}

PG_FUNCTION_INFO_V1(add_open_days);
Datum
add_open_days(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(open_day_plus(fcinfo, PG_GETARG_DATEADT(0), PG_GETARG_INT32(1)));
}

/* Minutes of a meeting without the city's staff: two open days after (§7.7). */
PG_FUNCTION_INFO_V1(minutes_due);
Datum
minutes_due(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(open_day_plus(fcinfo, PG_GETARG_DATEADT(0), 2));
}

/* open_days_between(a, b): open days in [a, b); negative when b < a. */
PG_FUNCTION_INFO_V1(open_days_between);
Datum
open_days_between(PG_FUNCTION_ARGS)
{
	DateADT		from = PG_GETARG_DATEADT(0);
	DateADT		to = PG_GETARG_DATEADT(1);
	CalendarConfig *c = calendar_config(CALENDAR_FN_OID(fcinfo));
	int64_t		n;

	check_finite(from);
	check_finite(to);
	if (cal_open_days_between(from, to, calendar_override_lookup, c,
							  &n) != CAL_OK)
		calendar_range_error(Max(from, to));
	PG_RETURN_INT32((int32) n);
}

/* ------------------------------------------------------------- trigger */

/*
 * AFTER ... FOR EACH STATEMENT on the configuration tables: tell every
 * backend (this one at the end of the command) that its copy is stale.
 */
PG_FUNCTION_INFO_V1(calendar_config_changed);
Datum
calendar_config_changed(PG_FUNCTION_ARGS)
{
	return relcache_changed_trigger(fcinfo, "calendar_config_changed");
}
