/*
 * omledger.h
 *	  Declarations shared by the fmgr glue files (never by src/core/).
 */
#ifndef OMLEDGER_H
#define OMLEDGER_H

#include "postgres.h"

#include "access/htup.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/date.h"

#include "calendar.h"

/* GUC: omledger.effort_style */
typedef enum EffortStyle
{
	EFFORT_STYLE_EN,
	EFFORT_STYLE_JA
} EffortStyle;
extern int	omledger_effort_style;

/* GUC: omledger.period_style */
typedef enum PeriodStyle
{
	PERIOD_STYLE_ISO,
	PERIOD_STYLE_WAREKI
} PeriodStyle;
extern int	omledger_period_style;

/* GUC: omledger.daily_effort_notice, minutes (0: no notice) */
extern int	omledger_daily_effort_notice;

/* calendar.c: the calendar's configuration (overrides, hours, allowances) */
struct CalendarConfig;
extern void calendar_init(void);
extern struct CalendarConfig *calendar_config(Oid fn_oid);
/* The calling function's OID, or InvalidOid under DirectFunctionCall. */
#define CALENDAR_FN_OID(fcinfo) \
	((fcinfo)->flinfo ? (fcinfo)->flinfo->fn_oid : InvalidOid)
extern CalOverride calendar_override_lookup(int32_t day, void *arg);
extern void calendar_hours_lookup(int32_t day, void *arg, int64_t *opens, int64_t *closes);
/* The party's out-of-hours allowance; *in_hours its in-hours one (promptly). */
extern int64 calendar_party_allowance(struct CalendarConfig *cfg, const char *party,
									  int64 *in_hours);
extern void calendar_range_error(DateADT day) pg_attribute_noreturn();

/* omledger.c: the body of a trigger that invalidates sessions' copies */
extern Datum relcache_changed_trigger(FunctionCallInfo fcinfo, const char *name);
/* ... and whether such a trigger is in place (see omledger.c) */
extern bool has_invalidation_trigger(Oid relid, Oid nsp, const char *name, const char *fn,
									 bool on_insert);

/*
 * omledger.c: register fn to be called at every relcache invalidation (as
 * CacheRegisterRelcacheCallback, of which a backend has only ten; these
 * share one).  Call once per fn (again is a no-op).
 */
extern void omledger_relcache_hook(RelcacheCallbackFunction fn);

/*
 * The head of an entry of a hash table keyed by relation OID whose entries
 * a relcache invalidation makes stale; omledger_rel_entries_invalidate()
 * marks relid's entry (every entry for InvalidOid) not valid.
 */
typedef struct OmledgerRelEntry
{
	Oid			relid;			/* hash key */
	bool		valid;
} OmledgerRelEntry;
extern void omledger_rel_entries_invalidate(HTAB *cache, Oid relid);

/* The owner of a relation (pg_class.relowner); ERROR if there is none. */
extern Oid	omledger_rel_owner(Oid relid);

/*
 * A plan prepared (with SPI_prepare_cursor()'s options: 0, or e.g.
 * CURSOR_OPT_GENERIC_PLAN) and kept for the life of the backend; ERROR if
 * either fails, naming what (the caller's name for the plan).  Every kept
 * plan of the extension comes from here; each engine holds its own.
 */
extern SPIPlanPtr omledger_keep_plan(const char *what, const char *sql, int nargs,
									 const Oid *argtypes, int cursor_options);

/*
 * audit.c: the audit row of a change of a ledger table (old NULL: an
 * insert; new NULL: a delete), as the trigger audit_row writes it; for a
 * writer that inserts a row without the executor (direct_insert.h) and so
 * does the work of the table's audit trigger itself.
 */
struct RelationData;
extern void audit_record_row(struct RelationData *rel, HeapTuple oldtup, HeapTuple newtup);
extern Datum audit_row(PG_FUNCTION_ARGS);

/*
 * omledger.effort: a signed 64-bit count of minutes, passed by value (its
 * on-disk format, forever).  Glue code handles it through these macros;
 * the unit constants and the parser are in src/core/effort.h.
 */
#define DatumGetEffort(d)		DatumGetInt64(d)
#define EffortGetDatum(e)		Int64GetDatum(e)
#define PG_GETARG_EFFORT(n)		DatumGetEffort(PG_GETARG_DATUM(n))
#define PG_RETURN_EFFORT(e)		return EffortGetDatum(e)

/* effort.c: an effort as effort_out prints it (for messages) */
extern char *effort_cstring(int64 minutes);

#endif							/* OMLEDGER_H */
