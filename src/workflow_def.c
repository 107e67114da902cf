/*
 * workflow_def.c
 *	  The state machines as the engine reads them: a status's flags, a
 *	  kind's initial status, a transition and what it requires (the city's
 *	  own row overriding the seeded one), the moves allowed from a status,
 *	  a sub-kind's needs.  The tables are workflow_status,
 *	  workflow_transition and work_sub_kind (41_workflow_def.sql,
 *	  42_work_item.sql).
 *
 * Every status change reads them, and they change rarely: each session
 * keeps a copy (WfDefs), the way calendar.c and caps_direct.c keep theirs.
 * A statement trigger on each table (workflow_cache_changed(),
 * 60_workflow_cache.sql) sends a relcache invalidation of the table;
 * our relcache callback marks the copy stale; the copy is used only after
 * the session has accepted pending invalidations, and a stale one is loaded
 * again, with the latest snapshot (as an SPI query of a volatile trigger
 * under READ COMMITTED would read them).  A change in this transaction is
 * seen by its next command (the invalidation is processed locally at the
 * end of the changing command, and again when it rolls back).
 *
 * The copy is not used -- every lookup reads the tables, as before 0.4 --
 * under REPEATABLE READ and SERIALIZABLE (their snapshot, and predicate
 * locks, would not be respected), while a table lacks its invalidation
 * trigger, enabled always (a schema not updated to 0.4, or a trigger
 * disabled by hand), or has row-level security enabled.  The copy and the
 * queries read as the owner of the ledger's tables, as every rule's read
 * does (workflow_plans.c): a writer needs no right on the definitions, and
 * a copy loaded in one role serves any other.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "omledger.h"
#include "workflow_internal.h"

/* ------------------------------------------------------- requirements */

/*
 * The mask of a requires array (text[]); *known false when an element is
 * NULL or names no requirement we implement, or the array is not flat
 * (the table's CHECK constraint keeps such rows out).
 */
wf_reqmask
wf_requires_mask(Datum array, bool *known)
{
	ArrayType  *arr = DatumGetArrayTypeP(array);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	wf_reqmask	mask = 0;

	*known = ARR_NDIM(arr) <= 1;
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		int			req = nulls[i] ? -1 :
			wf_requirement_lookup(VARDATA_ANY(DatumGetPointer(elems[i])),
								  VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i])));

		if (req < 0)
			*known = false;
		else
			mask |= (wf_reqmask) 1 << req;
	}
	return mask;
}

/* --------------------------------------------------------- the copy */

typedef struct DefStatus
{
	char	   *kind;
	char	   *status;
	WfStatusInfo info;
} DefStatus;

typedef struct DefTransition
{
	char	   *kind;
	char	   *from;
	char	   *to;
	bool		enabled;
	bool		known;
	wf_reqmask	requires;
	char	   *requires_text;
} DefTransition;

typedef struct DefSubKind
{
	char	   *kind;
	char	   *sub_kind;
	bool		requires_procedure;
	bool		requires_prior_agreement;
} DefSubKind;

struct WfDefs
{
	MemoryContext cxt;			/* holds this struct and all it points to */
	int			nstatus;
	DefStatus  *status;
	int			ntransition;
	DefTransition *transition;
	int			nsub_kind;
	DefSubKind *sub_kind;
};

static const char *const def_tables[3] = {"workflow_status", "workflow_transition", "work_sub_kind"};

static WfDefs *defs = NULL;
static bool defs_stale = true;
static bool defs_usable = false;	/* the tables carry their triggers */
static Oid	defs_nsp = InvalidOid;
/* the tables the copy was (or is being) loaded from, for the callback */
static Oid	defs_relids[3] = {InvalidOid, InvalidOid, InvalidOid};

static void
defs_relcache_cb(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == defs_relids[0] ||
		relid == defs_relids[1] || relid == defs_relids[2])
		defs_stale = true;
}

static char *
spi_text_in(MemoryContext cxt, uint64 row, int col)
{
	char	   *s = spi_text(row, col);

	return s ? MemoryContextStrdup(cxt, s) : NULL;
}

static bool
spi_bool(uint64 row, int col)
{
	bool		isnull;
	Datum		d = spi_value(row, col, &isnull);

	return !isnull && DatumGetBool(d);
}

/* A fresh copy in a context of its own (only a complete one replaces the old). */
static WfDefs *
defs_load(void)
{
	MemoryContext cxt = AllocSetContextCreate(TopMemoryContext, "omledger workflow definitions",
											  ALLOCSET_SMALL_SIZES);
	WfDefs	   *d = MemoryContextAllocZero(cxt, sizeof(WfDefs));
	uint64		n;

	d->cxt = cxt;
	PG_TRY();
	{
		n = plan_run_latest(P_DEF_STATUS);
		d->status = MemoryContextAllocZero(cxt, sizeof(DefStatus) * (n + 1));
		for (uint64 i = 0; i < n; i++)
		{
			DefStatus  *s = &d->status[d->nstatus++];

			s->kind = spi_text_in(cxt, i, 1);
			s->status = spi_text_in(cxt, i, 2);
			s->info.is_initial = spi_bool(i, 3);
			s->info.starts_response = spi_bool(i, 4);
			s->info.bumps_content = spi_bool(i, 5);
		}
		n = plan_run_latest(P_DEF_TRANSITION);
		d->transition = MemoryContextAllocZero(cxt, sizeof(DefTransition) * (n + 1));
		for (uint64 i = 0; i < n; i++)
		{
			DefTransition *t = &d->transition[d->ntransition++];
			bool		isnull;
			Datum		reqs = spi_value(i, 5, &isnull);

			t->kind = spi_text_in(cxt, i, 1);
			t->from = spi_text_in(cxt, i, 2);
			t->to = spi_text_in(cxt, i, 3);
			t->enabled = spi_bool(i, 4);
			t->requires = wf_requires_mask(reqs, &t->known);
			if (!t->known)
				t->requires_text = MemoryContextStrdup(cxt, OidOutputFunctionCall(F_ARRAY_OUT, reqs));
		}
		n = plan_run_latest(P_DEF_SUB_KIND);
		d->sub_kind = MemoryContextAllocZero(cxt, sizeof(DefSubKind) * (n + 1));
		for (uint64 i = 0; i < n; i++)
		{
			DefSubKind *k = &d->sub_kind[d->nsub_kind++];

			k->kind = spi_text_in(cxt, i, 1);
			k->sub_kind = spi_text_in(cxt, i, 2);
			k->requires_procedure = spi_bool(i, 3);
			k->requires_prior_agreement = spi_bool(i, 4);
		}
	}
	PG_CATCH();
	{
		MemoryContextDelete(cxt);
		defs_stale = true;		/* try again next time */
		PG_RE_THROW();
	}
	PG_END_TRY();
	return d;
}

/*
 * The conditions under which a session keeps a copy of a table (here, and
 * the answers of workflow_actor.c): READ COMMITTED (the callback
 * registered, pending invalidations accepted -- then true)...
 */
bool
wf_cache_ready(RelcacheCallbackFunction callback, bool *registered)
{
	if (IsolationUsesXactSnapshot())
		return false;
	if (!*registered)
	{
		CacheRegisterRelcacheCallback(callback, (Datum) 0);
		*registered = true;
	}
	AcceptInvalidationMessages();
	return true;
}

/*
 * ... and the table: its invalidation trigger `trigger` in place, calling
 * workflow_cache_changed(), enabled always; no row-level security.
 */
bool
wf_cacheable_table(Oid relid, Oid nsp, const char *trigger)
{
	HeapTuple	tp;
	bool		rls;

	if (!OidIsValid(relid))
		return false;
	tp = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tp))
		return false;
	rls = ((Form_pg_class) GETSTRUCT(tp))->relrowsecurity;
	ReleaseSysCache(tp);
	return !rls && has_invalidation_trigger(relid, nsp, trigger, "workflow_cache_changed", true);
}

const WfDefs *
wf_defs(Relation rel)
{
	static bool callback_registered = false;
	Oid			nsp = RelationGetNamespace(rel);

	if (!wf_cache_ready(defs_relcache_cb, &callback_registered))
		return NULL;
	if (!defs_stale && defs_nsp == nsp)
		return defs_usable ? defs : NULL;

	/*
	 * Load again.  The OIDs first (a catalog lookup accepts no
	 * invalidation), so that the callback knows them from then on: an
	 * invalidation of the tables that arrives while we load (opening a
	 * table accepts them) sets defs_stale again, and the copy then serves
	 * this statement only.
	 */
	for (int i = 0; i < 3; i++)
		defs_relids[i] = get_relname_relid(def_tables[i], nsp);
	defs_stale = false;
	defs_nsp = nsp;
	defs_usable = true;
	for (int i = 0; i < 3 && defs_usable; i++)
		defs_usable = wf_cacheable_table(defs_relids[i], nsp,
										 psprintf("%s_def_changed", def_tables[i]));
	if (defs != NULL)
	{
		MemoryContextDelete(defs->cxt);
		defs = NULL;
	}
	if (!defs_usable)
		return NULL;
	defs = defs_load();
	return defs;
}

/* ------------------------------------------------------------ lookups */

/* The flags of a status of a kind; false if the kind has no such status. */
bool
wf_status_lookup(const WfDefs *d, const char *kind, const char *status, WfStatusInfo *info)
{
	Datum		v[2];
	bool		isnull;

	memset(info, 0, sizeof *info);
	if (d != NULL)
	{
		for (int i = 0; i < d->nstatus; i++)
			if (strcmp(d->status[i].status, status) == 0 && strcmp(d->status[i].kind, kind) == 0)
			{
				*info = d->status[i].info;
				return true;
			}
		return false;
	}
	v[0] = CStringGetTextDatum(kind);
	v[1] = CStringGetTextDatum(status);
	if (plan_run(P_STATUS, v, NULL, 1) == 0)
		return false;
	info->is_initial = DatumGetBool(spi_value(0, 1, &isnull));
	info->starts_response = DatumGetBool(spi_value(0, 2, &isnull));
	info->bumps_content = DatumGetBool(spi_value(0, 3, &isnull));
	return true;
}

/* The kind's initial status (palloc'd), or NULL for an unknown kind. */
char *
wf_initial_status(const WfDefs *d, const char *kind)
{
	Datum		v[1];

	if (d != NULL)
	{
		for (int i = 0; i < d->nstatus; i++)
			if (d->status[i].info.is_initial && strcmp(d->status[i].kind, kind) == 0)
				return pstrdup(d->status[i].status);
		return NULL;
	}
	v[0] = CStringGetTextDatum(kind);
	if (plan_run(P_INITIAL, v, NULL, 1) == 0)
		return NULL;
	return spi_text(0, 1);
}

/* The row that governs a move: the city's own, else the seeded one. */
WfTransitionInfo
wf_transition_lookup(const WfDefs *d, const char *kind, const char *from, const char *to)
{
	WfTransitionInfo t = {0};
	Datum		v[3];
	bool		isnull;
	Datum		reqs;

	if (d != NULL)
	{
		for (int i = 0; i < d->ntransition; i++)
		{
			const DefTransition *e = &d->transition[i];

			if (strcmp(e->to, to) != 0 || strcmp(e->from, from) != 0 || strcmp(e->kind, kind) != 0)
				continue;
			if (e->enabled)
			{
				t.found = true;
				t.known = e->known;
				t.requires = e->requires;
				t.requires_text = e->requires_text;
			}
			break;
		}
		return t;
	}
	v[0] = CStringGetTextDatum(kind);
	v[1] = CStringGetTextDatum(from);
	v[2] = CStringGetTextDatum(to);
	if (plan_run(P_TRANSITION, v, NULL, 1) == 0 ||
		!DatumGetBool(spi_value(0, 1, &isnull)))
		return t;
	t.found = true;
	reqs = spi_value(0, 2, &isnull);
	t.requires = wf_requires_mask(reqs, &t.known);
	if (!t.known)
		t.requires_text = OidOutputFunctionCall(F_ARRAY_OUT, reqs);
	return t;
}

/*
 * The statuses a kind allows from `from`, quoted and comma-separated, or
 * NULL.  (Only for the message of a refused move: always read.)
 */
char *
wf_allowed_next(const char *kind, const char *from)
{
	Datum		v[2] = {CStringGetTextDatum(kind), CStringGetTextDatum(from)};

	plan_run(P_NEXT, v, NULL, 1);
	return spi_text(0, 1);
}

/* A sub-kind's needs; false (and both false) if the kind has no such sub-kind. */
bool
wf_sub_kind_lookup(const WfDefs *d, const char *kind, const char *sub_kind,
				   bool *requires_procedure, bool *requires_prior_agreement)
{
	Datum		v[2];
	bool		isnull;

	*requires_procedure = *requires_prior_agreement = false;
	if (d != NULL)
	{
		for (int i = 0; i < d->nsub_kind; i++)
			if (strcmp(d->sub_kind[i].sub_kind, sub_kind) == 0 &&
				strcmp(d->sub_kind[i].kind, kind) == 0)
			{
				*requires_procedure = d->sub_kind[i].requires_procedure;
				*requires_prior_agreement = d->sub_kind[i].requires_prior_agreement;
				return true;
			}
		return false;
	}
	v[0] = CStringGetTextDatum(kind);
	v[1] = CStringGetTextDatum(sub_kind);
	if (plan_run(P_SUB_KIND, v, NULL, 1) == 0)
		return false;
	*requires_procedure = DatumGetBool(spi_value(0, 1, &isnull));
	*requires_prior_agreement = DatumGetBool(spi_value(0, 2, &isnull));
	return true;
}

/* ------------------------------------------------ invalidation trigger */

PG_FUNCTION_INFO_V1(workflow_cache_changed);
Datum
workflow_cache_changed(PG_FUNCTION_ARGS)
{
	return relcache_changed_trigger(fcinfo, "workflow_cache_changed");
}
