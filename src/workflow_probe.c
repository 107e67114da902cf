/*
 * workflow_probe.c
 *	  The two reads of an approval's precondition as index probes, without
 *	  an SQL statement: the latest decision on a subject of an item within
 *	  [lo, hi] (P_DECISION: approval_item_idx) and when the fields an
 *	  approval covers last changed (P_LAST_CHANGE: work_item_event_field_idx).
 *
 * Each was a kept SPI plan costing 50,000-60,000 CPU instructions per
 * status change (plan revalidation, executor start and end, a portal) for
 * one or two index tuples (BENCHMARKS.md "workflow").  A probe returns
 * exactly what the query returns, and is used only where it can:
 *
 *	- row-level security does not apply to the role the query runs as, the
 *	  owner of the ledger's tables (wf_rules_owner(): the rules read the
 *	  whole ledger, whoever writes) -- it does not, unless someone forces
 *	  the policies on the owner (check_enable_rls(), as the direct inserts
 *	  decide in direct_insert.c);
 *	- that role may SELECT the table (otherwise the query runs and gives
 *	  its error);
 *	- the index is the extension's, as created: a valid btree on the
 *	  columns named below, whose predicate, if any, is a column of the
 *	  equality keys IS NOT NULL (implied by the probe).
 *
 * Visibility is the query's: SPI in its default (non-read-only) mode
 * advances the command counter and takes the transaction snapshot (a new
 * one under READ COMMITTED) with the current command id; so does a probe.
 * Locks are the query's: AccessShareLock on the table and the index.
 *
 * The tables' and indexes' OIDs and attribute numbers are looked up once
 * and forgotten at any relcache invalidation of one of them (the shared
 * hook of omledger.c, which the other caches of the workflow use).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/relation.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"

#include "omledger.h"
#include "workflow_internal.h"

typedef struct ProbeTarget
{
	const char *table;
	const char *index;
	const char *keys[3];		/* the index's leading columns, in order */
	const char *reads[2];		/* further columns read from the row */
	const char *name;			/* for workflow_read_stats() */
	bool		looked_up;
	bool		usable;			/* the index is as expected */
	Oid			relid;
	Oid			indexid;
	AttrNumber	key_attnum[3];
	AttrNumber	read_attnum[2];
	uint64		probed;			/* answered by the probe, this session */
	uint64		queried;		/* left to the query */
} ProbeTarget;

static ProbeTarget approvals = {
	"approval", "approval_item_idx",
	{"item_id", "subject", "decided_at"}, {"approval_id", "decision"}, "decision"
};
static ProbeTarget field_events = {
	"work_item_event", "work_item_event_field_idx",
	{"item_id", "field", "occurred_at"}, {NULL, NULL}, "last_change"
};

/* Any relcache invalidation of the tables or indexes: look them up again. */
static void
probe_relcache_cb(Datum arg, Oid relid)
{
	ProbeTarget *t[2] = {&approvals, &field_events};

	for (int i = 0; i < 2; i++)
		if (relid == InvalidOid || relid == t[i]->relid || relid == t[i]->indexid)
			t[i]->looked_up = false;
}

/* Is the index a valid btree on the key columns, its predicate implied? */
static bool
index_as_expected(ProbeTarget *t)
{
	Relation	idx = try_relation_open(t->indexid, AccessShareLock);
	bool		ok;
	List	   *pred;
	ListCell   *lc;

	if (idx == NULL)
		return false;
	ok = idx->rd_rel->relkind == RELKIND_INDEX && idx->rd_rel->relam == BTREE_AM_OID &&
		idx->rd_index->indrelid == t->relid && idx->rd_index->indisvalid &&
		idx->rd_index->indisready && idx->rd_index->indnkeyatts >= 3 &&
		RelationGetIndexExpressions(idx) == NIL;
	for (int k = 0; ok && k < 3; k++)
		ok = idx->rd_index->indkey.values[k] == t->key_attnum[k] &&
			(idx->rd_indoption[k] & (INDOPTION_DESC | INDOPTION_NULLS_FIRST)) == 0;
	pred = ok ? RelationGetIndexPredicate(idx) : NIL;
	foreach(lc, pred)
	{
		NullTest   *nt = (NullTest *) lfirst(lc);

		ok = ok && IsA(nt, NullTest) && nt->nulltesttype == IS_NOT_NULL &&
			IsA(nt->arg, Var) &&
			(((Var *) nt->arg)->varattno == t->key_attnum[0] ||
			 ((Var *) nt->arg)->varattno == t->key_attnum[1]);
	}
	relation_close(idx, AccessShareLock);
	return ok;
}

/*
 * May the probe answer as the query would?  false: run the query.
 * (Looks the table and index up after an invalidation.)
 */
static bool
probe_usable(ProbeTarget *t)
{
	static bool registered = false;

	if (!registered)
	{
		omledger_relcache_hook(probe_relcache_cb);
		registered = true;
	}
	if (!t->looked_up)
	{
		Oid			nsp = get_namespace_oid("omledger", true);

		t->usable = false;
		t->relid = OidIsValid(nsp) ? get_relname_relid(t->table, nsp) : InvalidOid;
		t->indexid = OidIsValid(nsp) ? get_relname_relid(t->index, nsp) : InvalidOid;
		t->looked_up = true;	/* from here on, the callback knows the OIDs */
		t->usable = OidIsValid(t->relid) && OidIsValid(t->indexid);
		for (int k = 0; k < 3; k++)
			t->usable = t->usable &&
				(t->key_attnum[k] = get_attnum(t->relid, t->keys[k])) != InvalidAttrNumber;
		for (int k = 0; k < 2; k++)
			t->read_attnum[k] = t->usable && t->reads[k] ?
				get_attnum(t->relid, t->reads[k]) : InvalidAttrNumber;
		t->usable = t->usable && (t->reads[0] == NULL || t->read_attnum[0] != InvalidAttrNumber) &&
			(t->reads[1] == NULL || t->read_attnum[1] != InvalidAttrNumber) &&
			index_as_expected(t);
	}
	if (t->usable &&
		check_enable_rls(t->relid, wf_rules_owner(), true) != RLS_ENABLED &&
		pg_class_aclcheck(t->relid, wf_rules_owner(), ACL_SELECT) == ACLCHECK_OK)
	{
		t->probed++;
		return true;
	}
	t->queried++;
	return false;
}

/* The snapshot a non-read-only SPI query would run with (see the head). */
static void
probe_snapshot_push(void)
{
	CommandCounterIncrement();
	PushCopiedSnapshot(GetTransactionSnapshot());
	UpdateActiveSnapshotCommandId();
}

/*
 * The latest decision on subject for the item decided within [lo, hi]
 * (ties: the highest approval_id), as P_DECISION: *decision 'a', 'r' or 0
 * (none).  false: the probe cannot answer (run the query).
 */
bool
wf_probe_decision(int64 item_id, const char *subject, TimestampTz lo, TimestampTz hi,
				  char *decision)
{
	Relation	heap,
				idx;
	IndexScanDesc scan;
	TupleTableSlot *slot;
	ScanKeyData key[4];
	bool		have = false;
	TimestampTz best_at = 0;
	int64		best_id = 0;

	if (!probe_usable(&approvals))
		return false;
	*decision = 0;
	heap = table_open(approvals.relid, AccessShareLock);
	idx = index_open(approvals.indexid, AccessShareLock);
	probe_snapshot_push();
	ScanKeyInit(&key[0], 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(item_id));
	ScanKeyEntryInitialize(&key[1], 0, 2, BTEqualStrategyNumber, InvalidOid,
						   idx->rd_indcollation[1], F_TEXTEQ, CStringGetTextDatum(subject));
	ScanKeyInit(&key[2], 3, BTGreaterEqualStrategyNumber, F_TIMESTAMPTZ_GE, TimestampTzGetDatum(lo));
	ScanKeyInit(&key[3], 3, BTLessEqualStrategyNumber, F_TIMESTAMPTZ_LE, TimestampTzGetDatum(hi));
	slot = table_slot_create(heap, NULL);
	scan = index_beginscan(heap, idx, GetActiveSnapshot(), 4, 0);
	index_rescan(scan, key, 4, NULL, 0);
	/* newest first: the rows of the latest decided_at, the highest id of them */
	while (index_getnext_slot(scan, BackwardScanDirection, slot))
	{
		bool		isnull;
		TimestampTz at = DatumGetTimestampTz(slot_getattr(slot, approvals.key_attnum[2], &isnull));
		int64		id;

		if (isnull)
			continue;
		if (have && at != best_at)
			break;
		id = DatumGetInt64(slot_getattr(slot, approvals.read_attnum[0], &isnull));
		if (!have || id > best_id)
		{
			Datum		d = slot_getattr(slot, approvals.read_attnum[1], &isnull);

			*decision = isnull ? 'r' : strcmp(TextDatumGetCString(d), "approved") == 0 ? 'a' : 'r';
			best_id = id;
			best_at = at;
			have = true;
		}
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	PopActiveSnapshot();
	index_close(idx, AccessShareLock);
	table_close(heap, AccessShareLock);
	return true;
}

/*
 * When one of the fields (text Datums) of the item last changed, as
 * P_LAST_CHANGE: *found false if never.  false: the probe cannot answer.
 */
bool
wf_probe_last_change(int64 item_id, const Datum *fields, int nfields,
					 TimestampTz *last, bool *found)
{
	Relation	heap,
				idx;
	IndexScanDesc scan;
	TupleTableSlot *slot;
	ScanKeyData key[2];

	if (!probe_usable(&field_events))
		return false;
	*found = false;
	heap = table_open(field_events.relid, AccessShareLock);
	idx = index_open(field_events.indexid, AccessShareLock);
	probe_snapshot_push();
	slot = table_slot_create(heap, NULL);
	scan = index_beginscan(heap, idx, GetActiveSnapshot(), 2, 0);
	for (int f = 0; f < nfields; f++)
	{
		ScanKeyInit(&key[0], 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(item_id));
		ScanKeyEntryInitialize(&key[1], 0, 2, BTEqualStrategyNumber, InvalidOid,
							   idx->rd_indcollation[1], F_TEXTEQ, fields[f]);
		index_rescan(scan, key, 2, NULL, 0);
		/* the latest occurred_at comes first backwards, after any NULLs (max() skips them) */
		while (index_getnext_slot(scan, BackwardScanDirection, slot))
		{
			bool		isnull;
			TimestampTz at = DatumGetTimestampTz(slot_getattr(slot, field_events.key_attnum[2], &isnull));

			if (isnull)
				continue;
			if (!*found || at > *last)
				*last = at;
			*found = true;
			break;
		}
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	PopActiveSnapshot();
	index_close(idx, AccessShareLock);
	table_close(heap, AccessShareLock);
	return true;
}

/*
 * workflow_read_stats(): this session's reads of each probe, answered by
 * the index probe (probed) or left to the SQL query (queried).
 */
PG_FUNCTION_INFO_V1(workflow_read_stats);
Datum
workflow_read_stats(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ProbeTarget *t[2] = {&approvals, &field_events};

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < 2; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = CStringGetTextDatum(t[i]->name);
		values[1] = Int64GetDatum((int64) t[i]->probed);
		values[2] = Int64GetDatum((int64) t[i]->queried);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
