/*
 * caps_refuse.c
 *	  The refusals of the effort_log cap trigger, one function each, raised
 *	  by whichever path found them (caps_rules.c for the rules of a row,
 *	  caps.c and caps_direct.c for the running totals), so that a rule says
 *	  the same thing however the row came.  Amounts are printed by the pure
 *	  core's formatter in the session's effort style; the roster refusal is
 *	  the workflow engine's (roster.c).
 */
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/datetime.h"

#include "caps_trigger.h"
#include "encoding.h"
#include "errcodes.h"
#include "omledger.h"

char *
caps_month_text(DateADT month)
{
	int			y,
				m,
				d;

	j2date(month + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	return psprintf("%04d-%02d", y, m);
}

static char *
date_text(DateADT day)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(day)));
}

void
caps_refuse_closed(int64 contract_id, DateADT month)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_MONTH_CLOSED),
			 errmsg("month %s of contract %lld is closed", caps_month_text(month),
					(long long) contract_id),
			 errdetail("Effort dated in a closed month cannot be inserted, updated or deleted."),
			 errhint("Log a correction dated in an open month that references the entry (column \"corrects\"), or reopen the month with reopen_month() after the city approves.")));
}

/* A running total would not fit: the same error from every path. */
void
caps_refuse_total_overflow(const CapsGroup *g)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("effort total out of range"),
			 errdetail("The %s effort of contract %lld in %s would exceed the largest total an effort can hold (2^63 - 1 minutes).",
					   g->category, (long long) g->contract_id, caps_month_text(g->month)),
			 errhint("Check the effort entered: an entry this large is almost certainly a mistake.")));
}

void
caps_refuse_bad_correction(int64 entry_id)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_BAD_CORRECTION),
			 errmsg("effort entry %lld corrects an entry of another item or person", (long long) entry_id),
			 errdetail("A correction must be for the same work item and person as the entry it corrects."),
			 errhint("Reference the entry being corrected in \"corrects\", with its item_id and person_id.")));
}

void
caps_refuse_below_zero(int64 entry_id, int64 total)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_CORRECTION_BELOW_ZERO),
			 errmsg("effort entry %lld and its corrections would total less than zero",
					(long long) entry_id),
			 errdetail("Entry %lld with all the corrections that reference it would total %s.",
					   (long long) entry_id, effort_cstring(total)),
			 errhint("A correction can take back at most the effort its entry and earlier corrections logged.")));
}

void
caps_refuse_not_contractor(const CapsEntry *row, int64 contract_id, const char *side)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_EFFORT_NOT_CONTRACTOR),
			 errmsg("person %lld is not on the contractor's side of contract %lld",
					(long long) row->person_id, (long long) contract_id),
			 errdetail("The person is registered with side \"%s\"; only the contractor's own effort counts against the contract's caps.",
					   side),
			 errhint("Log the effort under the contract of the person's own side, or on an item that does not count (an internal handover).")));
}

void
caps_refuse_entered_by(const CapsEntry *row, int64 contract_id, DateADT day)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_EFFORT_ENTERED_BY),
			 errmsg("role \"%s\" may not enter effort for contract %lld",
					NameStr(row->entered_by), (long long) contract_id),
			 errdetail("Effort is entered by a person on the roster of the work item's contract on the day of entry (%s), or by the city's staff; no such person has db_role \"%s\".",
					   date_text(day), NameStr(row->entered_by)),
			 errhint("Map the role to its roster entry in omledger.person.db_role, or enter the effort as a role that is mapped.")));
}

void
caps_refuse_outside_term(const CapsEntry *row, int64 contract_id)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_EFFORT_DATE),
			 errmsg("work date %s is outside the term of contract %lld",
					date_text(row->work_date), (long long) contract_id),
			 errdetail("Effort counts only for days within the contract's term (omledger.contract.term)."),
			 errhint("Check the work date, or log the effort under the contract in force on that day.")));
}

void
caps_refuse_future(const CapsEntry *row, DateADT today)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_EFFORT_DATE),
			 errmsg("work date %s is in the future", date_text(row->work_date)),
			 errdetail("Today is %s in Japan; effort is logged for work done, on or before today.",
					   date_text(today)),
			 errhint("Log the effort on the day of work or after it.")));
}

void
caps_refuse_withdrawn(const CapsEntry *row, const char *status)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_EFFORT_ITEM_WITHDRAWN),
			 errmsg("work item %lld is %s", (long long) row->item_id, status),
			 errdetail("No effort is entered on a work item once it has been cancelled or rejected."),
			 errhint("Log the effort on the item the work was done for.")));
}

void
caps_refuse_day_over(int64 person_id, DateADT day, int64 total, bool overflow)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_EFFORT_DAY_OVER),
			 errmsg("effort of person %lld on %s would exceed 24h", (long long) person_id,
					date_text(day)),
			 overflow ?
			 errdetail("The person's effort on that day, over all work items, would not even fit in a total.") :
			 errdetail("The person's effort on that day, over all work items, would reach %s.",
					   effort_cstring(total)),
			 errhint("Check the effort and the work date: a day has 24 hours.")));
}

/* One notice a statement, however many days it makes long (a bulk load). */
void
caps_notice_long_days(int ndays, int64 person_id, DateADT day, int64 total, int64 threshold)
{
	if (ndays == 1)
		ereport(NOTICE,
				(errcode(ERRCODE_OM_EFFORT_DAY_OVER),
				 errmsg("person %lld has %s of effort on %s", (long long) person_id,
						effort_cstring(total), date_text(day)),
				 errdetail("That is more than omledger.daily_effort_notice (%s) over all work items.",
						   effort_cstring(threshold)),
				 errhint("Check that the effort and the work date are right.")));
	else
		ereport(NOTICE,
				(errcode(ERRCODE_OM_EFFORT_DAY_OVER),
				 errmsg("%d days of a person's effort are longer than %s", ndays,
						effort_cstring(threshold)),
				 errdetail("The first: person %lld has %s of effort on %s, over all work items.",
						   (long long) person_id, effort_cstring(total), date_text(day)),
				 errhint("Check that the efforts and the work dates are right (omledger.daily_effort_notice sets the threshold).")));
}

void
caps_refuse_cap(const CapsGroup *g, bool month_scope, int64 reached, int64 amount,
				int64 over_by)
{
	char	   *m = caps_month_text(g->month);

	ereport(ERROR,
			(errcode(month_scope ? ERRCODE_OM_CAP_MONTH : ERRCODE_OM_CAP_TERM),
			 errmsg("%s effort of contract %lld would exceed its hard %s cap",
					g->category, (long long) g->contract_id, month_scope ? "monthly" : "term"),
			 month_scope ?
			 errdetail("In %s the %s effort would reach %s against a cap of %s: %s over.",
					   m, g->category, effort_cstring(reached), effort_cstring(amount),
					   effort_cstring(over_by)) :
			 errdetail("With this change in %s the %s effort of the term would reach %s against a cap of %s: %s over.",
					   m, g->category, effort_cstring(reached), effort_cstring(amount),
					   effort_cstring(over_by)),
			 errhint("%s", om_message("Record an additional contract (追加契約) in omledger.cap_extension to raise the cap, or log less effort."))));
}

void
caps_warn_soft(const CapsGroup *g, bool month_scope, int64 reached, int64 amount,
			   int64 over_by)
{
	ereport(NOTICE,
			(errcode(month_scope ? ERRCODE_OM_CAP_MONTH : ERRCODE_OM_CAP_TERM),
			 errmsg("%s effort of contract %lld is over its soft %s cap",
					g->category, (long long) g->contract_id, month_scope ? "monthly" : "term"),
			 errdetail("In %s the %s effort reaches %s against a cap of %s: %s over.",
					   caps_month_text(g->month), g->category, effort_cstring(reached),
					   effort_cstring(amount), effort_cstring(over_by)),
			 errhint("Agree the overrun with the city, or record an additional contract in omledger.cap_extension.")));
}
