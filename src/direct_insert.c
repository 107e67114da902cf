/*
 * direct_insert.c
 *	  One row into a table without the executor: heap_insert() and the
 *	  index entries, with the defaults and constraints an INSERT would
 *	  apply.  See direct_insert.h for what is and is not done.
 *
 * Why: the workflow engine writes a work_item_event on every status change
 * and the audit trigger an audit_log row on every change.  Through SPI each
 * was a statement: a plan to revalidate, an executor to start (locks, a
 * result relation, slots, its memory context), the AFTER-trigger queue of
 * the row's foreign-key checks, each an SPI query of its own.  Measured in
 * BENCHMARKS.md ("workflow", "audit").
 *
 * The shape of a relation -- its defaults, CHECK constraints and indexes as
 * compiled expressions, and whether every INSERT trigger is accounted for
 * by the caller -- is built once per (relation, caller) and kept until a
 * relcache invalidation of the relation (ALTER TABLE, CREATE INDEX, CREATE
 * TRIGGER, ... all send one), as ri_triggers.c keeps RI_ConstraintInfo.
 * The callback only marks an entry stale; it is freed at the next lookup,
 * never while a caller may be using it.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/pg_am.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "rewrite/rewriteHandler.h"
#include "utils/acl.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/rls.h"

#include "direct_insert.h"
#include "omledger.h"

typedef struct DirectIndex
{
	Oid			indexoid;
	IndexInfo  *info;
	ExprState  *pred;			/* a partial index's predicate, or NULL */
} DirectIndex;

typedef struct DirectShape
{
	struct DirectShape *next;
	Oid			relid;
	DirectTriggerFilter filter;
	Oid			aux;
	int			events;			/* TRIGGER_TYPE_INSERT or _UPDATE */
	bool		stale;			/* a relcache invalidation came */
	bool		plain;			/* false: the executor must insert */
	MemoryContext cxt;			/* everything below */
	int			natts;
	ExprState **defaults;		/* per attribute; NULL: none (NULL value) */
	int			nchecks;
	ExprState **checks;
	char	  **check_names;
	int			nindexes;
	DirectIndex *indexes;
	int			ncaller;		/* triggers the caller does itself */
	char	   *caller_enabled; /* their tgenabled */
	TupleTableSlot *slot;
	ExprContext *econtext;		/* per row: reset after each */
} DirectShape;

static DirectShape *shapes = NULL;
static bool callback_registered = false;

static void
shape_invalidate(Datum arg, Oid relid)
{
	for (DirectShape *s = shapes; s != NULL; s = s->next)
		if (!OidIsValid(relid) || s->relid == relid)
			s->stale = true;
}

/* Would a trigger with this tgenabled fire now (as TriggerEnabled says)? */
static bool
trigger_fires(char tgenabled)
{
	if (SessionReplicationRole == SESSION_REPLICATION_ROLE_REPLICA)
		return tgenabled == TRIGGER_FIRES_ALWAYS || tgenabled == TRIGGER_FIRES_ON_REPLICA;
	return tgenabled == TRIGGER_FIRES_ALWAYS || tgenabled == TRIGGER_FIRES_ON_ORIGIN;
}

bool
direct_trigger_calls(const Trigger *trig, PGFunction fn)
{
	FmgrInfo	finfo;

	fmgr_info(trig->tgfoid, &finfo);
	return finfo.fn_addr == fn;
}

bool
direct_fkey_implied(Relation rel, Oid conoid, Relation implier,
					const AttrNumber *map, int nmap)
{
	ListCell   *lc;
	ForeignKeyCacheInfo *fk = NULL;

	foreach(lc, RelationGetFKeyList(rel))
	{
		ForeignKeyCacheInfo *f = lfirst_node(ForeignKeyCacheInfo, lc);

		if (f->conoid == conoid)
			fk = f;
	}
	if (fk == NULL)
		return false;
	for (int i = 0; i < fk->nkeys; i++)
		if (fk->conkey[i] <= 0 || fk->conkey[i] > nmap || map[fk->conkey[i] - 1] == 0)
			return false;

	/* the key names the implying row itself */
	if (fk->confrelid == RelationGetRelid(implier))
	{
		bool		self = true;

		for (int i = 0; i < fk->nkeys; i++)
			self &= map[fk->conkey[i] - 1] == fk->confkey[i];
		if (self)
			return true;
	}

	/* the implying row has the same reference under its own foreign key */
	foreach(lc, RelationGetFKeyList(implier))
	{
		ForeignKeyCacheInfo *g = lfirst_node(ForeignKeyCacheInfo, lc);
		bool		same = g->confrelid == fk->confrelid && g->nkeys == fk->nkeys;

		for (int i = 0; same && i < fk->nkeys; i++)
		{
			bool		found = false;

			for (int j = 0; j < g->nkeys; j++)
				found |= g->confkey[j] == fk->confkey[i] &&
					g->conkey[j] == map[fk->conkey[i] - 1] &&
					g->conpfeqop[j] == fk->conpfeqop[i];
			same &= found;
		}
		if (same)
			return true;
	}
	return false;
}

/* Compile an expression of the relation's row for evaluation on a slot. */
static ExprState *
compile(Node *expr)
{
	return ExecInitExpr(expression_planner((Expr *) expr), NULL);
}

/*
 * Fill s (in its context) from rel; s->plain false when the executor must
 * insert.  rel is open and locked.
 */
static void
shape_build(DirectShape *s, Relation rel)
{
	TupleDesc	desc = RelationGetDescr(rel);
	TupleConstr *constr = desc->constr;
	TriggerDesc *td = rel->trigdesc;
	List	   *indexes;
	ListCell   *lc;
	int			i;

	s->plain = false;
	if (rel->rd_rel->relkind != RELKIND_RELATION ||
		rel->rd_rel->relam != HEAP_TABLE_AM_OID ||
		rel->rd_rules != NULL ||
		(constr != NULL && constr->has_generated_stored))
		return;

	/* domains would need their constraints checked as a coercion does */
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);

		if (!a->attisdropped && get_typtype(a->atttypid) == TYPTYPE_DOMAIN)
			return;
	}

	/* every trigger that fires on the event, accounted for */
	s->ncaller = 0;
	s->caller_enabled = palloc0(td ? td->numtriggers + 1 : 1);
	for (i = 0; td != NULL && i < td->numtriggers; i++)
	{
		const Trigger *t = &td->triggers[i];

		if ((t->tgtype & s->events) == 0)
			continue;
		switch (s->filter(rel, t, s->aux))
		{
			case DIRECT_TRIGGER_IMPLIED:
				break;
			case DIRECT_TRIGGER_CALLER:
				if (t->tgqual != NULL || t->tgnargs != 0 || !TRIGGER_FOR_ROW(t->tgtype) ||
					!TRIGGER_FOR_AFTER(t->tgtype))
					return;
				s->caller_enabled[s->ncaller++] = t->tgenabled;
				break;
			default:
				return;
		}
	}

	s->natts = desc->natts;
	s->defaults = palloc0(sizeof(ExprState *) * desc->natts);
	for (i = 0; i < desc->natts; i++)
	{
		Node	   *def;

		if (TupleDescAttr(desc, i)->attisdropped)
			continue;
		def = build_column_default(rel, i + 1);
		if (def != NULL)
			s->defaults[i] = compile(def);
	}

	s->nchecks = constr ? constr->num_check : 0;
	s->checks = palloc0(sizeof(ExprState *) * (s->nchecks + 1));
	s->check_names = palloc0(sizeof(char *) * (s->nchecks + 1));
	for (i = 0; i < s->nchecks; i++)
	{
		s->checks[i] = compile(stringToNode(constr->check[i].ccbin));
		s->check_names[i] = pstrdup(constr->check[i].ccname);
	}

	indexes = RelationGetIndexList(rel);
	s->indexes = palloc0(sizeof(DirectIndex) * (list_length(indexes) + 1));
	s->nindexes = 0;
	foreach(lc, indexes)
	{
		Relation	irel = index_open(lfirst_oid(lc), RowExclusiveLock);
		IndexInfo  *ii = BuildIndexInfo(irel);
		DirectIndex *d = &s->indexes[s->nindexes];

		bool		deferrable = !irel->rd_index->indimmediate;

		index_close(irel, NoLock);
		if (!ii->ii_ReadyForInserts)
			continue;
		if (ii->ii_Expressions != NIL || ii->ii_ExclusionOps != NULL ||
			(ii->ii_Unique && deferrable))
			return;
		d->indexoid = lfirst_oid(lc);
		d->info = ii;
		if (ii->ii_Predicate != NIL)
			d->pred = ExecInitQual((List *) expression_planner((Expr *) ii->ii_Predicate), NULL);
		s->nindexes++;
	}
	list_free(indexes);

	/* on a copy of the descriptor: the relcache's is reference-counted by
	 * the resource owner of the statement, and the slot outlives it */
	s->slot = MakeSingleTupleTableSlot(CreateTupleDescCopy(desc), &TTSOpsHeapTuple);
	s->econtext = CreateStandaloneExprContext();	/* in s->cxt */
	s->plain = true;
}

static void
shape_free(DirectShape *s)
{
	if (s->econtext != NULL)
		FreeExprContext(s->econtext, false);
	if (s->slot != NULL)
		ExecDropSingleTupleTableSlot(s->slot);
	MemoryContextDelete(s->cxt);
	pfree(s);
}

static DirectShape *
shape_get(Relation rel, DirectTriggerFilter filter, Oid aux, int events)
{
	DirectShape **p = &shapes;
	DirectShape *s;
	MemoryContext old;

	if (!callback_registered)
	{
		omledger_relcache_hook(shape_invalidate);
		callback_registered = true;
	}
	while ((s = *p) != NULL)
	{
		if (s->stale)
		{
			*p = s->next;
			shape_free(s);
			continue;
		}
		if (s->relid == RelationGetRelid(rel) && s->filter == filter && s->aux == aux &&
			s->events == events)
			return s;
		p = &s->next;
	}

	s = MemoryContextAllocZero(CacheMemoryContext, sizeof(DirectShape));
	s->relid = RelationGetRelid(rel);
	s->filter = filter;
	s->aux = aux;
	s->events = events;
	s->cxt = AllocSetContextCreate(CacheMemoryContext, "omledger direct insert",
								   ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(s->cxt);
	PG_TRY();
	{
		shape_build(s, rel);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(old);
		shape_free(s);
		PG_RE_THROW();
	}
	PG_END_TRY();
	MemoryContextSwitchTo(old);
	s->next = shapes;
	shapes = s;
	return s;
}

/* Row security the current user is subject to on rel. */
static bool
rls_applies(Relation rel)
{
	return check_enable_rls(RelationGetRelid(rel), InvalidOid, true) == RLS_ENABLED;
}

/* Can the row be written here, by the current user? */
static bool
shape_usable(DirectShape *s, Relation rel, AclMode mode)
{
	return s->plain && s->natts == RelationGetDescr(rel)->natts && !rls_applies(rel) &&
		pg_class_aclcheck(RelationGetRelid(rel), GetUserId(), mode) == ACLCHECK_OK;
}

/* NOT NULL, then CHECK, with the messages ExecConstraints gives; the slot holds tup. */
static void
check_constraints(DirectShape *s, Relation rel, const bool *nulls, ExprContext *econtext)
{
	TupleDesc	desc = RelationGetDescr(rel);

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);

		if (a->attnotnull && nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NOT_NULL_VIOLATION),
					 errmsg("null value in column \"%s\" of relation \"%s\" violates not-null constraint",
							NameStr(a->attname), RelationGetRelationName(rel)),
					 errtablecol(rel, i + 1)));
	}
	for (int i = 0; i < s->nchecks; i++)
		if (!ExecCheck(s->checks[i], econtext))
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("new row for relation \"%s\" violates check constraint \"%s\"",
							RelationGetRelationName(rel), s->check_names[i]),
					 errtableconstraint(rel, s->check_names[i])));
}

/* The index entries of tup (values, nulls: its columns); the slot holds it. */
static void
insert_index_entries(DirectShape *s, Relation rel, HeapTuple tup, const Datum *values,
					 const bool *nulls, ExprContext *econtext)
{
	for (int i = 0; i < s->nindexes; i++)
	{
		DirectIndex *d = &s->indexes[i];
		IndexInfo  *ii = d->info;
		Datum		ivalues[INDEX_MAX_KEYS];
		bool		inulls[INDEX_MAX_KEYS];
		Relation	irel;

		if (d->pred != NULL && !ExecQual(d->pred, econtext))
			continue;
		for (int k = 0; k < ii->ii_NumIndexAttrs; k++)
		{
			AttrNumber	att = ii->ii_IndexAttrNumbers[k];

			ivalues[k] = values[att - 1];
			inulls[k] = nulls[att - 1];
		}
		irel = index_open(d->indexoid, RowExclusiveLock);
		(void) index_insert(irel, ivalues, inulls, &tup->t_self, rel,
							ii->ii_Unique ? UNIQUE_CHECK_YES : UNIQUE_CHECK_NO,
							false, ii);
		index_close(irel, NoLock);
	}
}

bool
direct_insert_supported(Relation rel, DirectTriggerFilter filter, Oid aux)
{
	return shape_usable(shape_get(rel, filter, aux, TRIGGER_TYPE_INSERT), rel, ACL_INSERT);
}

bool
direct_insert(Relation rel, DirectTriggerFilter filter, Oid aux,
			  Datum *values, bool *nulls, const bool *supplied,
			  HeapTuple *tuple, bool *caller_due)
{
	DirectShape *s = shape_get(rel, filter, aux, TRIGGER_TYPE_INSERT);
	TupleDesc	desc = RelationGetDescr(rel);
	ExprContext *econtext;
	HeapTuple	tup;
	int			i;

	*caller_due = false;
	if (!shape_usable(s, rel, ACL_INSERT))
		return false;			/* the SQL path does it, or reports the error */

	econtext = s->econtext;
	for (i = 0; i < desc->natts; i++)
	{
		if (supplied[i])
			continue;
		if (s->defaults[i] == NULL)
		{
			values[i] = (Datum) 0;
			nulls[i] = true;
		}
		else
			values[i] = ExecEvalExprSwitchContext(s->defaults[i], econtext, &nulls[i]);
	}
	tup = heap_form_tuple(desc, values, nulls);
	ExecStoreHeapTuple(tup, s->slot, false);
	econtext->ecxt_scantuple = s->slot;
	check_constraints(s, rel, nulls, econtext);

	heap_insert(rel, tup, GetCurrentCommandId(true), 0, NULL);
	insert_index_entries(s, rel, tup, values, nulls, econtext);

	ExecClearTuple(s->slot);
	ResetExprContext(econtext);
	for (i = 0; i < s->ncaller; i++)
		*caller_due |= trigger_fires(s->caller_enabled[i]);
	*tuple = tup;
	return true;
}

DirectUpdateResult
direct_update(Relation rel, DirectTriggerFilter filter, Oid aux,
			  ItemPointer otid, HeapTuple newtup)
{
	DirectShape *s = shape_get(rel, filter, aux, TRIGGER_TYPE_UPDATE);
	TupleDesc	desc = RelationGetDescr(rel);
	ExprContext *econtext;
	Datum	   *values;
	bool	   *nulls;
	TM_Result	result;
	TM_FailureData tmfd;
	LockTupleMode lockmode;

	if (!shape_usable(s, rel, ACL_UPDATE) || s->ncaller > 0)
		return DIRECT_UPDATE_UNSUPPORTED;
	values = palloc(sizeof(Datum) * desc->natts);
	nulls = palloc(sizeof(bool) * desc->natts);
	heap_deform_tuple(newtup, desc, values, nulls);
	econtext = s->econtext;
	ExecStoreHeapTuple(newtup, s->slot, false);
	econtext->ecxt_scantuple = s->slot;
	check_constraints(s, rel, nulls, econtext);

	result = heap_update(rel, otid, newtup, GetCurrentCommandId(true), InvalidSnapshot,
						 true, &tmfd, &lockmode);
	if (result == TM_Ok && !HeapTupleIsHeapOnly(newtup))
		insert_index_entries(s, rel, newtup, values, nulls, econtext);

	ExecClearTuple(s->slot);
	ResetExprContext(econtext);
	switch (result)
	{
		case TM_Ok:
			return DIRECT_UPDATE_DONE;
		case TM_Updated:
		case TM_Deleted:
		case TM_SelfModified:
			return DIRECT_UPDATE_MOVED;
		default:
			elog(ERROR, "omledger: unexpected result %d updating a row of %s",
				 (int) result, RelationGetRelationName(rel));
	}
	return DIRECT_UPDATE_UNSUPPORTED;	/* not reached */
}
