/*
 * audit_direct.c
 *	  The audit row without the executor: the common case of audit.c's
 *	  append(), when this backend's chain head is where it last wrote it.
 *	  audit.c keeps the triggers, the hash, the SQL path and the chains'
 *	  opening; this file builds the row as the SQL statement would, hashes
 *	  it with audit_hash() (what verify_audit_chain() recomputes), and
 *	  writes it with src/direct_insert.c.
 */
#include "postgres.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "commands/sequence.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "storage/bufmgr.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/xid8.h"

#include "audit_internal.h"
#include "direct_insert.h"
#include "japan_time.h"
#include "omledger.h"
#include "roster.h"
#include "row_jsonb.h"

/*
 * The common case -- this backend's chain head is where it last wrote it --
 * without the SQL statement: the row is built, hashed and inserted here
 * (direct_insert.c: heap and index entries, the log's defaults and
 * constraints), and the head moved with one heap_update(); only the roster
 * person is a query (a kept plan).  The hash is audit_hash(), the
 * function verify_audit_chain() recomputes it with, over the same values.
 * Whenever anything is not as expected -- the head unknown or moved, a
 * table not as the extension made it (a trigger, index or policy added by
 * hand) -- nothing is written here and the SQL statement above does the
 * work.
 */

/* The columns of audit_log, in the order of the hash's arguments. */
enum
{
	L_PREV_HASH, L_AUDIT_ID, L_CHAIN, L_SEQ, L_LOGGED_AT, L_XACT_ID, L_DB_USER,
	L_SESSION_ROLE, L_PERSON_ID, L_TABLE_NAME, L_OPERATION, L_ROW_KEY, L_OLD_ROW,
	L_NEW_ROW, L_ROW_HASH, L_NCOLS
};
static const char *const log_cols[L_NCOLS] = {
	"prev_hash", "audit_id", "chain", "seq", "logged_at", "xact_id", "db_user",
	"session_role", "person_id", "table_name", "operation", "row_key", "old_row",
	"new_row", "row_hash"
};
enum
{
	H_CHAIN, H_LAST_SEQ, H_LAST_ID, H_LAST_HASH, H_NCOLS
};
static const char *const head_cols[H_NCOLS] = {"chain", "last_seq", "last_id", "last_hash"};

/* The attribute number of each named column of desc (false if one is missing). */
static bool
column_numbers(TupleDesc desc, const char *const *names, int n, AttrNumber *atts)
{
	for (int c = 0; c < n; c++)
	{
		atts[c] = InvalidAttrNumber;
		for (int i = 0; i < desc->natts; i++)
			if (!TupleDescAttr(desc, i)->attisdropped &&
				strcmp(NameStr(TupleDescAttr(desc, i)->attname), names[c]) == 0)
				atts[c] = i + 1;
		if (atts[c] == InvalidAttrNumber)
			return false;
	}
	return true;
}

/*
 * The audit tables and their columns, looked up once and again after any
 * relcache invalidation (DDL); usable false when they are not as expected.
 */
typedef struct AuditTables
{
	bool		valid;
	bool		usable;
	Oid			log_relid;
	Oid			chain_relid;
	Oid			seq_relid;
	AttrNumber	latt[L_NCOLS];
	AttrNumber	hatt[H_NCOLS];
} AuditTables;

static AuditTables audit_tabs;

static void
audit_tables_reset(Datum arg, Oid relid)
{
	audit_tabs.valid = false;
}

static const AuditTables *
audit_tables(void)
{
	static bool registered = false;
	AuditTables *t = &audit_tabs;
	Oid			nsp;

	if (!registered)
	{
		omledger_relcache_hook(audit_tables_reset);
		registered = true;
	}
	if (t->valid)
		return t;
	memset(t, 0, sizeof(*t));
	t->valid = true;			/* an invalidation during the lookups clears it */
	nsp = get_namespace_oid("omledger", true);
	if (!OidIsValid(nsp))
		return t;
	t->log_relid = get_relname_relid("audit_log", nsp);
	t->chain_relid = get_relname_relid("audit_chain", nsp);
	t->seq_relid = get_relname_relid("audit_log_audit_id_seq", nsp);
	if (OidIsValid(t->log_relid) && OidIsValid(t->chain_relid) && OidIsValid(t->seq_relid))
	{
		Relation	log_rel = table_open(t->log_relid, AccessShareLock);
		Relation	chain_rel = table_open(t->chain_relid, AccessShareLock);

		t->usable = column_numbers(RelationGetDescr(log_rel), log_cols, L_NCOLS, t->latt) &&
			column_numbers(RelationGetDescr(chain_rel), head_cols, H_NCOLS, t->hatt);
		table_close(chain_rel, AccessShareLock);
		table_close(log_rel, AccessShareLock);
	}
	t->usable = t->usable && t->valid;
	return t;
}

/* The audit tables' guard lets the audit writers through: this is one. */
static DirectTriggerVerdict
audit_table_verdict(Relation rel, const Trigger *t, Oid aux)
{
	return direct_trigger_calls(t, audit_log_guard) ? DIRECT_TRIGGER_IMPLIED : DIRECT_TRIGGER_UNKNOWN;
}

/*
 * The key of an audited table's rows, as key_expression() names it: the
 * names of the columns, in order.
 */
static List *
key_names(Relation rel)
{
	TupleDesc	desc = RelationGetDescr(rel);
	bool	   *seen = palloc0(sizeof(bool) * desc->natts);
	Oid			pk = RelationGetPrimaryKeyIndex(rel);
	List	   *indexes = OidIsValid(pk) ? list_make1_oid(pk) : RelationGetIndexList(rel);
	List	   *names = NIL;
	ListCell   *lc;

	foreach(lc, indexes)
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index idx;

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "omledger audit: cache lookup failed for index %u", lfirst_oid(lc));
		idx = (Form_pg_index) GETSTRUCT(tup);
		if (idx->indisunique && idx->indisvalid && heap_attisnull(tup, Anum_pg_index_indpred, NULL))
			for (int k = 0; k < idx->indnkeyatts; k++)
			{
				AttrNumber	a = idx->indkey.values[k];

				if (a <= 0 || a > desc->natts || seen[a - 1])
					continue;
				seen[a - 1] = true;
				names = lappend(names, pstrdup(NameStr(TupleDescAttr(desc, a - 1)->attname)));
			}
		ReleaseSysCache(tup);
	}
	return names;
}

/* jsonb_build_object(key, row ->key, ...) over the row's jsonb, or NULL. */
static Datum
row_key_jsonb(Relation rel, Datum row, bool *isnull)
{
	List	   *names = key_names(rel);
	Jsonb	   *j = DatumGetJsonbP(row);
	JsonbParseState *st = NULL;
	JsonbValue *res;
	ListCell   *lc;

	*isnull = names == NIL;
	if (names == NIL)
		return (Datum) 0;
	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	foreach(lc, names)
	{
		char	   *name = lfirst(lc);
		JsonbValue	k;
		JsonbValue	nullv;
		JsonbValue *v;

		k.type = jbvString;
		k.val.string.val = name;
		k.val.string.len = strlen(name);
		v = getKeyJsonValueFromContainer(&j->root, name, strlen(name), NULL);
		if (v == NULL)
		{
			nullv.type = jbvNull;
			v = &nullv;
		}
		pushJsonbValue(&st, WJB_KEY, &k);
		pushJsonbValue(&st, WJB_VALUE, v);
	}
	res = pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	return JsonbPGetDatum(JsonbValueToJsonb(res));
}

/*
 * The contract of each work item this session has audited a row of, for
 * the rows that name their item and not their contract (effort_log, ...).
 * A work item keeps its contract for life (the workflow trigger refuses a
 * change, OM200) and is never deleted (its history refers to it and is
 * append-only), and its item_id is its primary key: once read, the answer
 * holds.  Only answers of rows that a (sub)transaction that aborted may
 * have inserted would not: the map is emptied at every abort, and at every
 * relcache invalidation of work_item (a TRUNCATE, a restore).
 */
typedef struct ItemContract
{
	int64		item_id;
	int64		contract_id;
} ItemContract;

static HTAB *item_contracts = NULL;
static Oid	item_contracts_relid = InvalidOid;

static void
item_contracts_reset(void)
{
	if (item_contracts != NULL)
		hash_destroy(item_contracts);
	item_contracts = NULL;
}

static void
item_contracts_relcache_cb(Datum arg, Oid relid)
{
	if (!OidIsValid(relid) || relid == item_contracts_relid)
		item_contracts_reset();
}

static void
item_contracts_xact_cb(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
		item_contracts_reset();
}

static void
item_contracts_subxact_cb(SubXactEvent event, SubTransactionId mySubid,
						  SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		item_contracts_reset();
}

/* The contract of a work item (false if there is no such item). */
static bool
item_contract(int64 item_id, int64 *contract_id)
{
	static SPIPlanPtr plan = NULL;
	static bool registered = false;
	ItemContract *e;
	Datum		v = Int64GetDatum(item_id);
	bool		isnull;

	if (!registered)
	{
		omledger_relcache_hook(item_contracts_relcache_cb);
		RegisterXactCallback(item_contracts_xact_cb, NULL);
		RegisterSubXactCallback(item_contracts_subxact_cb, NULL);
		registered = true;
	}
	if (item_contracts != NULL &&
		(e = hash_search(item_contracts, &item_id, HASH_FIND, NULL)) != NULL)
	{
		*contract_id = e->contract_id;
		return true;
	}
	if (plan == NULL)
	{
		Oid			type = INT8OID;

		plan = audit_keep("SELECT w.contract_id FROM omledger.work_item w "
					" WHERE w.item_id OPERATOR(pg_catalog.=) $1", 1, &type);
	}
	if (audit_run(plan, &v, NULL) != 1)
		return false;
	*contract_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	if (isnull)
		return false;
	if (item_contracts == NULL || hash_get_num_entries(item_contracts) >= 65536)
	{
		HASHCTL		ctl = {.keysize = sizeof(int64),.entrysize = sizeof(ItemContract)};

		item_contracts_reset();
		item_contracts = hash_create("omledger audit item contracts", 256, &ctl,
									 HASH_ELEM | HASH_BLOBS);
		item_contracts_relid = get_relname_relid("work_item", get_namespace_oid("omledger", true));
	}
	e = hash_search(item_contracts, &item_id, HASH_ENTER, NULL);
	e->contract_id = *contract_id;
	return true;
}

/*
 * The roster person of db_user on the contract of the row (its contract_id,
 * or its work item's), registered today; as PERSON_SQL, through the
 * session's answers of "who acts" (roster_person_of_role()).  The caller
 * is connected to SPI, as the owner.
 */
static Datum
row_person(Relation rel, HeapTuple row, Datum db_user, bool *isnull)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			col = audit_int8_column(desc, "contract_id");
	bool		by_item = false;
	bool		keynull;
	int64		contract_id,
				person_id;

	*isnull = true;
	if (col < 0)
	{
		if ((col = audit_int8_column(desc, "item_id")) < 0)
			return (Datum) 0;
		by_item = true;
	}
	contract_id = DatumGetInt64(heap_getattr(row, col + 1, desc, &keynull));
	if (keynull)
		return (Datum) 0;
	if (by_item && !item_contract(contract_id, &contract_id))
		return (Datum) 0;
	if (!roster_person_of_role(contract_id, japan_today(), NameStr(*DatumGetName(db_user)), &person_id))
		return (Datum) 0;
	*isnull = false;
	return Int64GetDatum(person_id);
}

/*
 * Append the audit row of a change of rel (old, new: as audit_record_row)
 * to this backend's chain directly; false, having written nothing, when
 * the SQL statement must do it.  Runs as append() set it up: the owner,
 * connected to SPI.
 */
bool
audit_append_direct(Relation rel, HeapTuple oldtup, HeapTuple newtup, Datum db_user,
					Datum session_role, Datum table_name, Datum operation,
					ItemPointer my_head, bool *my_head_known)
{
	const AuditTables *t = audit_tables();
	const AttrNumber *latt = t->latt;
	const AttrNumber *hatt = t->hatt;
	Relation	log_rel,
				chain_rel;
	Datum		f[L_NCOLS];
	bool		fnull[L_NCOLS];
	char	   *canonical[L_NCOLS] = {0};	/* the images' text, as they were built */
	Datum	   *values;
	bool	   *nulls;
	bool	   *supplied;
	HeapTupleData head;
	HeapTuple	oldhead,
				newhead,
				logtup;
	Buffer		buf;
	bool		isnull,
				due;
	int64		last_seq;
	Datum		hv[H_NCOLS];
	bool		hn[H_NCOLS],
				hr[H_NCOLS];

	if (!*my_head_known || !t->usable)
		return false;

	/* see what the previous audit statements wrote, as SPI would */
	CommandCounterIncrement();
	log_rel = table_open(t->log_relid, RowExclusiveLock);
	chain_rel = table_open(t->chain_relid, RowExclusiveLock);
	if (!audit_tables()->usable ||	/* the locks accepted an invalidation */
		!direct_insert_supported(log_rel, audit_table_verdict, InvalidOid) ||
		ItemPointerGetBlockNumber(my_head) >= RelationGetNumberOfBlocks(chain_rel))
		goto not_here;

	/* the head, where this backend left it, if that is still the live version */
	head.t_self = *my_head;
	if (!heap_fetch(chain_rel, SnapshotSelf, &head, &buf, false))
		goto not_here;
	oldhead = heap_copytuple(&head);
	ReleaseBuffer(buf);
	if (DatumGetInt32(heap_getattr(oldhead, hatt[H_CHAIN], RelationGetDescr(chain_rel), &isnull)) !=
		MyBackendId || isnull)
		goto not_here;
	last_seq = DatumGetInt64(heap_getattr(oldhead, hatt[H_LAST_SEQ], RelationGetDescr(chain_rel), &isnull));
	if (isnull)
		goto not_here;

	/* the row */
	memset(fnull, 0, sizeof(fnull));
	f[L_PREV_HASH] = heap_getattr(oldhead, hatt[H_LAST_HASH], RelationGetDescr(chain_rel), &fnull[L_PREV_HASH]);
	f[L_AUDIT_ID] = Int64GetDatum(nextval_internal(t->seq_relid, false));
	f[L_CHAIN] = Int32GetDatum(MyBackendId);
	f[L_SEQ] = Int64GetDatum(last_seq + 1);
	f[L_LOGGED_AT] = TimestampTzGetDatum(GetCurrentTimestamp());
	f[L_XACT_ID] = FullTransactionIdGetDatum(GetTopFullTransactionId());
	f[L_DB_USER] = db_user;
	f[L_SESSION_ROLE] = session_role;
	f[L_PERSON_ID] = row_person(rel, newtup ? newtup : oldtup, db_user, &fnull[L_PERSON_ID]);
	f[L_TABLE_NAME] = table_name;
	f[L_OPERATION] = operation;
	fnull[L_OLD_ROW] = oldtup == NULL;
	f[L_OLD_ROW] = oldtup ? row_to_jsonb(rel, oldtup, &canonical[L_OLD_ROW]) : (Datum) 0;
	fnull[L_NEW_ROW] = newtup == NULL;
	f[L_NEW_ROW] = newtup ? row_to_jsonb(rel, newtup, &canonical[L_NEW_ROW]) : (Datum) 0;
	f[L_ROW_KEY] = row_key_jsonb(rel, newtup ? f[L_NEW_ROW] : f[L_OLD_ROW], &fnull[L_ROW_KEY]);
	f[L_ROW_HASH] = PointerGetDatum(audit_hash_canonical(f, fnull, (const char *const *) canonical));

	/* the head moves first: if it cannot, nothing is written */
	memset(hr, 0, sizeof(hr));
	hv[hatt[H_LAST_SEQ] - 1] = f[L_SEQ];
	hv[hatt[H_LAST_ID] - 1] = f[L_AUDIT_ID];
	hv[hatt[H_LAST_HASH] - 1] = f[L_ROW_HASH];
	hn[hatt[H_LAST_SEQ] - 1] = hn[hatt[H_LAST_ID] - 1] = hn[hatt[H_LAST_HASH] - 1] = false;
	hr[hatt[H_LAST_SEQ] - 1] = hr[hatt[H_LAST_ID] - 1] = hr[hatt[H_LAST_HASH] - 1] = true;
	newhead = heap_modify_tuple(oldhead, RelationGetDescr(chain_rel), hv, hn, hr);
	switch (direct_update(chain_rel, audit_table_verdict, InvalidOid, my_head, newhead))
	{
		case DIRECT_UPDATE_DONE:
			break;
		case DIRECT_UPDATE_MOVED:
			*my_head_known = false;
			/* FALLTHROUGH */
		default:
			goto not_here;
	}
	*my_head = newhead->t_self;

	values = palloc0(sizeof(Datum) * RelationGetDescr(log_rel)->natts);
	nulls = palloc0(sizeof(bool) * RelationGetDescr(log_rel)->natts);
	supplied = palloc0(sizeof(bool) * RelationGetDescr(log_rel)->natts);
	for (int c = 0; c < L_NCOLS; c++)
	{
		values[latt[c] - 1] = f[c];
		nulls[latt[c] - 1] = fnull[c];
		supplied[latt[c] - 1] = true;
	}
	if (!direct_insert(log_rel, audit_table_verdict, InvalidOid, values, nulls, supplied, &logtup, &due))
		elog(ERROR, "omledger audit: audit_log changed while a row was written");
	table_close(chain_rel, NoLock);
	table_close(log_rel, NoLock);
	return true;

not_here:
	table_close(chain_rel, NoLock);
	table_close(log_rel, NoLock);
	return false;
}

