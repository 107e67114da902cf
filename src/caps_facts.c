/*
 * caps_facts.c
 *	  The facts an effort row's rules need of the rows it refers to, each
 *	  from the session's cache or by an index probe (caps_lookup.c says how
 *	  the cache stays fresh):
 *
 *	- the work item by its primary key: contract, charge category, counted,
 *	  and whether (since when) it is cancelled or rejected;
 *	- the person by its primary key: contract, side, registration;
 *	- the contract by its primary key: its term;
 *	- month_close through its partial unique index on open closes;
 *	- the persons a role acts as (person_db_role_idx): city staff, or
 *	  registered on the day of entry.
 */
#include "postgres.h"

#include "access/xact.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgroids.h"
#include "utils/rangetypes.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "caps.h"
#include "caps_lookup_internal.h"
#include "caps_trigger.h"
#include "omledger.h"

static void
probe_item(Snapshot snap, int64 item_id, CapsItemFacts *f, bool *own)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	Datum		key[] = {Int64GetDatum(item_id)};
	const DirectRel *r = caps_rel(REL_ITEM);
	Probe		p;
	bool		knull,
				snull,
				hnull,
				tnull,
				isnull;
	Datum		kind,
				spec,
				handover,
				since;
	const char *cat;

	memset(f, 0, sizeof(*f));
	caps_probe_begin(&p, r, snap, eq, key);
	if (!caps_probe_next(&p))
		elog(ERROR, "omledger caps: work item %lld not found", (long long) item_id);
	f->contract_id = DatumGetInt64(caps_probe_col(&p, r, 1, &isnull));
	kind = caps_probe_col(&p, r, 2, &knull);
	spec = caps_probe_col(&p, r, 3, &snull);
	handover = caps_probe_col(&p, r, 4, &hnull);
	/* charge_category() is strict; NOT NULL is NULL, read as false */
	cat = knull || snull ? NULL :
		cap_charge_category(TextDatumGetCString(kind), DatumGetBool(spec));
	if (cat == NULL)
		elog(ERROR, "omledger caps: work item of unknown kind in contract %lld",
			 (long long) f->contract_id);
	strlcpy(f->category, cat, sizeof(f->category));
	f->counted = !hnull && !DatumGetBool(handover);
	caps_probe_text(&p, r, 5, f->status, sizeof(f->status));
	f->withdrawn = strcmp(f->status, "cancelled") == 0 || strcmp(f->status, "rejected") == 0;
	since = caps_probe_col(&p, r, 6, &tnull);
	f->withdrawn_at = tnull ? DT_NOBEGIN : DatumGetTimestampTz(since);
	*own = caps_probe_row_is_own(&p);
	caps_probe_end(&p);
}

void
caps_item_facts(Snapshot snap, int64 item_id, CapsItemFacts *f)
{
	CapsCacheId c = CAPS_CACHE_ITEMS;
	ItemEntry  *e = caps_cache_find(c, &item_id);
	bool		own;

	if (e != NULL)
	{
		*f = e->f;
		return;
	}
	probe_item(snap, item_id, f, &own);
	e = caps_cache_keep(c, !own, &item_id);
	if (e != NULL)
		e->f = *f;
}

static void
probe_person(Snapshot snap, int64 person_id, CapsPersonFacts *f, bool *own)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	Datum		key[] = {Int64GetDatum(person_id)};
	const DirectRel *r = caps_rel(REL_PERSON);
	Probe		p;

	memset(f, 0, sizeof(*f));
	*own = false;
	caps_probe_begin(&p, r, snap, eq, key);
	if (caps_probe_next(&p))
	{
		bool		cnull,
					rnull;
		Datum		contract = caps_probe_col(&p, r, 1, &cnull);
		Datum		registered = caps_probe_col(&p, r, 2, &rnull);

		f->present = !cnull;
		f->contract_id = cnull ? 0 : DatumGetInt64(contract);
		if (!rnull)
			f->registered = DatumGetRangeTypePCopy(registered);
		caps_probe_text(&p, r, 3, f->side, sizeof(f->side));
		f->contractor = strcmp(f->side, "contractor") == 0;
		*own = caps_probe_row_is_own(&p);
	}
	caps_probe_end(&p);
}

void
caps_person_facts(Snapshot snap, int64 person_id, CapsPersonFacts *f)
{
	CapsCacheId c = CAPS_CACHE_ROSTER;
	PersonEntry *e = caps_cache_find(c, &person_id);
	bool		own;

	if (e != NULL)
	{
		*f = e->f;
		return;
	}
	probe_person(snap, person_id, f, &own);
	/* an absent person is not kept: inserts do not invalidate */
	e = caps_cache_keep(c, f->present && !own, &person_id);
	if (e != NULL)
	{
		e->f = *f;
		e->f.registered = caps_cache_copy_range(c, f->registered);
	}
}

static bool
probe_closed(Snapshot snap, const MonthKey *m)
{
	static const RegProcedure eq[] = {F_INT8EQ, F_DATE_EQ};
	Datum		key[] = {Int64GetDatum(m->contract_id), DateADTGetDatum(m->month)};
	const DirectRel *r = caps_rel(REL_MONTH);
	Probe		p;
	bool		closed = false;

	caps_probe_begin(&p, r, snap, eq, key);
	while (!closed && caps_probe_next(&p))
	{
		bool		isnull;

		(void) caps_probe_col(&p, r, 2, &isnull);
		closed = isnull;
	}
	caps_probe_end(&p);
	return closed;
}

bool
caps_month_closed(Snapshot snap, int64 contract_id, DateADT month)
{
	CapsCacheId c = CAPS_CACHE_MONTHS;
	MonthKey	key;
	MonthEntry *e;
	bool		closed;

	memset(&key, 0, sizeof(key));	/* hashed as bytes: no padding garbage */
	key.contract_id = contract_id;
	key.month = month;
	e = caps_cache_find(c, &key);
	if (e != NULL)
		return e->closed;
	closed = probe_closed(snap, &key);
	e = caps_cache_keep(c, true, &key);
	if (e != NULL)
		e->closed = closed;
	return closed;
}

bool
caps_in_term(Snapshot snap, int64 contract_id, DateADT day)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	CapsCacheId c = CAPS_CACHE_CONTRACTS;
	ContractEntry *e = caps_cache_find(c, &contract_id);
	const DirectRel *r = caps_rel(REL_CONTRACT);
	Datum		key[] = {Int64GetDatum(contract_id)};
	RangeType  *term = NULL;
	bool		own = false;
	Probe		p;

	if (e != NULL)
		return range_has_date(e->term, day);
	caps_probe_begin(&p, r, snap, eq, key);
	if (caps_probe_next(&p))
	{
		bool		isnull;
		Datum		d = caps_probe_col(&p, r, 1, &isnull);

		if (!isnull)
			term = DatumGetRangeTypePCopy(d);
		own = caps_probe_row_is_own(&p);
	}
	else
		elog(ERROR, "omledger caps: contract %lld not found", (long long) contract_id);
	caps_probe_end(&p);
	e = caps_cache_keep(c, !own, &contract_id);
	if (e != NULL)
		e->term = caps_cache_copy_range(c, term);
	return range_has_date(term, day);
}

bool
caps_role_may_enter(Snapshot snap, int64 contract_id, const char *role, DateADT day)
{
	static const RegProcedure eq[] = {F_NAMEEQ, F_INT8EQ};
	CapsCacheId c = CAPS_CACHE_ROLES;
	const DirectRel *r = caps_rel(REL_ROLE);
	RoleKey		key;
	RoleEntry  *e;
	Datum		keys[2];
	bool		found = false,
				city = false,
				own = false;
	RangeType  *registered = NULL;
	Probe		p;

	memset(&key, 0, sizeof(key));
	key.contract_id = contract_id;
	namestrcpy(&key.role, role);
	/* a "yes" for another day is a miss */
	e = caps_cache_get(c, &key);
	found = e != NULL && (e->city || range_has_date(e->registered, day));
	caps_cache_count(CAPS_CACHE_ROLES, found);
	if (found)
		return true;

	keys[0] = NameGetDatum(&key.role);
	keys[1] = Int64GetDatum(contract_id);
	caps_probe_begin(&p, r, snap, eq, keys);
	while (!found && caps_probe_next(&p))
	{
		bool		isnull;
		Datum		reg = caps_probe_col(&p, r, 2, &isnull);
		char		side[32];

		caps_probe_text(&p, r, 3, side, sizeof(side));
		city = strcmp(side, "city") == 0;
		if (!city && !isnull && range_has_date(DatumGetRangeTypeP(reg), day))
			registered = DatumGetRangeTypePCopy(reg);
		found = city || registered != NULL;
		own = found && caps_probe_row_is_own(&p);
	}
	caps_probe_end(&p);
	if (found)
	{
		/* a "yes" only: a new person can only add to it */
		e = caps_cache_keep(c, !own, &key);
		if (e != NULL)
		{
			e->city = city;
			e->registered = caps_cache_copy_range(c, registered);
		}
	}
	return found;
}
