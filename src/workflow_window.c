/*
 * workflow_window.c
 *	  What the rules read of an item's records besides the approvals and
 *	  evidence themselves: where an approval's window starts (the last
 *	  change of what it covers, from work_item_event), the closed-day
 *	  agreement of rule 5, and table 1's class A exception.  Used by the
 *	  preconditions (workflow_rules.c) and by the invariants
 *	  (workflow_invariants.c), which build on the preconditions: kept here,
 *	  below both, so that neither depends on the other both ways.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"

#include "errcodes.h"
#include "japan_time.h"
#include "omledger.h"
#include "workflow_internal.h"

/* ------------------------------------------------------ approval windows */

/*
 * Does work_item_event have the column field (0.4)?  A schema still on an
 * older version records no changes of fields: none moves a window.  (The
 * query names the column rather than reading it out of to_jsonb(e), which
 * cost a conversion of every event of the item at every status change
 * that requires an approval.)  Kept until the next relcache invalidation:
 * only DDL changes the answer, and DDL sends one.
 */
static int	fields_recorded = -1;	/* -1: not known */

/* Any relcache invalidation (ALTER TABLE of the events, DROP EXTENSION...) */
static void
fields_recorded_reset(Datum arg, Oid relid)
{
	fields_recorded = -1;
}

static bool
event_fields_recorded(void)
{
	static bool registered = false;

	if (!registered)
	{
		omledger_relcache_hook(fields_recorded_reset);
		registered = true;
	}
	if (fields_recorded < 0)
	{
		Oid			nsp = get_namespace_oid("omledger", true);
		Oid			relid = OidIsValid(nsp) ? get_relname_relid("work_item_event", nsp) : InvalidOid;

		fields_recorded = OidIsValid(relid) && get_attnum(relid, "field") != InvalidAttrNumber;
	}
	return fields_recorded > 0;
}

/* The fields of the item an approval of the subject covers (none: 0). */
static int
window_covers(const char *subject, Datum *elems)
{
	int			n = 0;

	if (strcmp(subject, "procedure") == 0)
	{
		elems[n++] = CStringGetTextDatum("sub_kind");
		elems[n++] = CStringGetTextDatum("detail");
	}
	else if (strcmp(subject, "closed_day_attendance") == 0)
		elems[n++] = CStringGetTextDatum("sub_kind");
	else if (strcmp(subject, "closed_day") == 0)	/* an approval naming no day */
	{
		elems[n++] = CStringGetTextDatum("sub_kind");
		elems[n++] = CStringGetTextDatum("scheduled_at");
	}
	else if (strcmp(subject, "class_b_decision") == 0)
		elems[n++] = CStringGetTextDatum("parent_id");
	else if (strcmp(subject, "classification") == 0)
		elems[n++] = CStringGetTextDatum("failure_class");
	return n;
}

static Datum
covers_array(Datum *elems, int n)
{
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

TimestampTz
wf_approval_window_start(int64 item_id, TimestampTz requested_at, const char *subject)
{
	Datum		elems[3];
	int			ncovers = window_covers(subject, elems);
	Datum		v[2];
	bool		isnull;
	Datum		d;
	TimestampTz lo = requested_at;
	bool		found;
	TimestampTz last;

	if (ncovers == 0 || !event_fields_recorded())
		return lo;
	if (wf_probe_last_change(item_id, elems, ncovers, &last, &found))
		return found ? Max(lo, last) : lo;
	v[0] = Int64GetDatum(item_id);
	v[1] = covers_array(elems, ncovers);
	plan_run(P_LAST_CHANGE, v, NULL, 1);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (!isnull)
		lo = Max(lo, DatumGetTimestampTz(d));
	return lo;
}

/* ------------------------------------------------------- closed days */

char
wf_day_agreement(int64 item_id, TimestampTz requested_at, DateADT day, TimestampTz hi)
{
	Datum		v[5];
	char	   *d;
	int			year,
				month,
				mday;

	/* the day as subject_ref names it: ISO, whatever DateStyle says */
	j2date(day + POSTGRES_EPOCH_JDATE, &year, &month, &mday);
	v[0] = Int64GetDatum(item_id);
	v[1] = CStringGetTextDatum(psprintf("%04d-%02d-%02d", year, month, mday));
	v[2] = TimestampTzGetDatum(wf_approval_window_start(item_id, requested_at, "closed_day_attendance"));
	v[3] = TimestampTzGetDatum(wf_approval_window_start(item_id, requested_at, "closed_day"));
	v[4] = TimestampTzGetDatum(hi);
	if (plan_run(P_DAY_AGREEMENT, v, NULL, 1) == 0)
		return 0;
	d = spi_text(0, 1);
	return strcmp(d, "approved") == 0 ? 'a' : 'r';
}

void
wf_require_closed_day(int64 item_id, TimestampTz scheduled_at)
{
	DateADT		day = japan_date(scheduled_at);
	Datum		v[1] = {DateADTGetDatum(day)};
	bool		isnull;

	plan_run(P_CLOSED_DAY, v, NULL, 1);
	if (!DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_OM_NOT_A_CLOSED_DAY),
				 errmsg("work item %lld is closed-day attendance on an open day", (long long) item_id),
				 errdetail("It is scheduled on %s, which is an open day (spec 5.2.1 (5) is about closed days).",
						   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(day)))),
				 errhint("Schedule it on a closed day (omledger.is_closed_day), or enter it as another sub-kind.")));
}

/* ------------------------------------------------- table 1, class A */

bool
wf_third_party_remedy(int64 failure_id)
{
	Datum		v[1] = {Int64GetDatum(failure_id)};
	bool		isnull;
	Datum		d;

	if (plan_run(P_REMEDY, v, NULL, 1) == 0)
		return false;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return !isnull && DatumGetBool(d);
}
