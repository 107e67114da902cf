/*
 * audit.c
 *	  The audit trail: the triggers that write every change of a ledger
 *	  table into omledger.audit_log, the guard that keeps the log
 *	  append-only, and the hash of an audit row.  doc/security.md has the
 *	  design; src/sql/80_audit.sql the tables and verify_audit_chain().
 *
 * Chains.  A single chain head updated by every writer would serialise all
 * writers on one row.  Instead each backend appends to its own chain
 * (chain = MyBackendId, unique among running backends): only this backend
 * updates its head row in omledger.audit_chain, so writers never wait for
 * each other, and the rows of a chain commit in chain order (a chain's
 * next writer runs after the previous transaction of the backend ended).
 * A row and its head update are in the writer's transaction: both commit
 * or neither does, also for a rolled-back subtransaction.  The first audit
 * write in a database opens the chains of every backend id the server may
 * use: a head row each, and a row in chain 0 (the register of chains)
 * naming it, so that a chain deleted whole, head included, is missed by
 * the verifier.
 *
 * In the common case an audited row is written without the executor
 * (audit_direct.c).  Otherwise -- the first row of a session, a head that
 * moved, audit tables not as the extension made them -- it costs one SPI
 * statement: a plan per table, prepared on
 * the table's first change in the session and kept, that locks the head,
 * builds the row (to_jsonb of the old and new tuples, the key, the person),
 * hashes it, inserts it and moves the head.  It runs as the extension's
 * owner with a pinned search_path, as the caps trigger does, so users need
 * no privilege on the log.
 *
 * Not audited: changes made by the extension's own scripts (CREATE or
 * ALTER EXTENSION), and rows a superuser's COPY FROM loads (pg_restore:
 * they come with their audit rows, which are restored as they were).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"
#include "utils/xid8.h"

#include "audit.h"
#include "audit_internal.h"
#include "errcodes.h"
#include "japan_time.h"
#include "omledger.h"

/* workflow.c: true while a superuser's COPY FROM loads rows (pg_restore) */
extern Datum ledger_bulk_loading(PG_FUNCTION_ARGS);

/*
 * Set while this backend's audit statements run: the guard on audit_log
 * and audit_chain lets their inserts and head updates through, and nothing
 * else.  Reset whatever happens (PG_FINALLY).
 */
static int	audit_writing = 0;

/* ---------------------------------------------------------------- hash */

static void
hash_put(pg_cryptohash_ctx *ctx, const uint8 *data, size_t len)
{
	if (pg_cryptohash_update(ctx, data, len) < 0)
		elog(ERROR, "omledger audit: could not hash: %s", pg_cryptohash_error(ctx));
}

static void
hash_int(pg_cryptohash_ctx *ctx, int64 v)
{
	uint8		frame[AUDIT_FRAME_MAX];

	hash_put(ctx, frame, audit_frame_int(frame, v));
}

/* A string, in UTF-8 whatever the server encoding (a restore into another
 * encoding keeps the chain). */
static void
hash_text(pg_cryptohash_ctx *ctx, const char *s, int len, bool convert)
{
	uint8		frame[AUDIT_FRAME_MAX];
	char	   *u = convert ? pg_server_to_any(s, len, PG_UTF8) : (char *) s;
	size_t		ulen = (u == s) ? (size_t) len : strlen(u);
	size_t		n = audit_frame_bytes(frame, ulen);

	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("audit row field too long to hash")));
	hash_put(ctx, frame, n);
	hash_put(ctx, (const uint8 *) u, ulen);
}

/*
 * audit_row_hash(prev_hash, audit_id, chain, seq, logged_at, xact_id,
 * db_user, session_role, person_id, table_name, operation, row_key,
 * old_row, new_row): SHA-256 of the fields in this order, each framed as
 * src/core/audit.h says; jsonb values as their canonical text.
 */

/*
 * The hash of an audit row's fields, args[i] (nulls[i]) as the SQL function
 * audit_row_hash() takes them.
 */
bytea *
audit_hash(const Datum *args, const bool *nulls)
{
	return audit_hash_canonical(args, nulls, NULL);
}

bytea *
audit_hash_canonical(const Datum *args, const bool *nulls, const char *const *canonical)
{
	pg_cryptohash_ctx *ctx;
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	bytea	   *result;

	ctx = pg_cryptohash_create(PG_SHA256);
	if (pg_cryptohash_init(ctx) < 0)
		elog(ERROR, "omledger audit: could not initialise SHA-256: %s", pg_cryptohash_error(ctx));

	for (int i = 0; i < AUDIT_HASH_NARGS; i++)
	{
		if (nulls[i])
		{
			uint8		frame[AUDIT_FRAME_MAX];

			hash_put(ctx, frame, audit_frame_null(frame));
			continue;
		}
		switch (i)
		{
			case 0:				/* prev_hash */
				{
					bytea	   *b = DatumGetByteaPP(args[0]);

					hash_text(ctx, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), false);
					break;
				}
			case 1:				/* audit_id */
			case 3:				/* seq */
			case 8:				/* person_id */
				hash_int(ctx, DatumGetInt64(args[i]));
				break;
			case 2:				/* chain */
				hash_int(ctx, DatumGetInt32(args[i]));
				break;
			case 4:				/* logged_at, microseconds since 2000 UTC */
				hash_int(ctx, DatumGetTimestampTz(args[i]));
				break;
			case 5:				/* xact_id */
				hash_int(ctx, (int64) U64FromFullTransactionId(DatumGetFullTransactionId(args[i])));
				break;
			case 6:				/* db_user, session_role, table_name */
			case 7:
			case 9:
				{
					Name		n = DatumGetName(args[i]);

					hash_text(ctx, NameStr(*n), strlen(NameStr(*n)), true);
					break;
				}
			case 10:			/* operation */
				{
					text	   *t = DatumGetTextPP(args[i]);

					hash_text(ctx, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), true);
					break;
				}
			default:			/* row_key, old_row, new_row */
				{
					const char *s = canonical ? canonical[i] : NULL;

					if (s == NULL)
					{
						Jsonb	   *j = DatumGetJsonbP(args[i]);

						s = JsonbToCString(NULL, &j->root, VARSIZE(j));
					}
					hash_text(ctx, s, strlen(s), true);
					break;
				}
		}
	}
	if (pg_cryptohash_final(ctx, digest, sizeof(digest)) < 0)
		elog(ERROR, "omledger audit: could not finish SHA-256: %s", pg_cryptohash_error(ctx));
	pg_cryptohash_free(ctx);

	result = (bytea *) palloc(VARHDRSZ + sizeof(digest));
	SET_VARSIZE(result, VARHDRSZ + sizeof(digest));
	memcpy(VARDATA(result), digest, sizeof(digest));
	return result;
}

PG_FUNCTION_INFO_V1(audit_row_hash);
Datum
audit_row_hash(PG_FUNCTION_ARGS)
{
	Datum		args[AUDIT_HASH_NARGS];
	bool		nulls[AUDIT_HASH_NARGS];

	if (PG_NARGS() != AUDIT_HASH_NARGS)
		elog(ERROR, "audit_row_hash: expected %d arguments", AUDIT_HASH_NARGS);
	for (int i = 0; i < AUDIT_HASH_NARGS; i++)
	{
		nulls[i] = PG_ARGISNULL(i);
		args[i] = nulls[i] ? (Datum) 0 : PG_GETARG_DATUM(i);
	}
	PG_RETURN_BYTEA_P(audit_hash(args, nulls));
}

/* --------------------------------------------------------------- plans */

/*
 * One audit row.  %1$s: the parameters' source for person_id, %2$s row_key,
 * %3$s old_row, %4$s new_row.  $1 chain, $4 db_user, $5 session_role, $7
 * table_name, $8 operation, $10 where the chain's head row is (the others
 * differ between the two plans).  The head is locked first (FOR UPDATE),
 * found by its ctid, which this backend remembers from the last row it
 * wrote: the head gets a new version for every row, and looking it up by
 * key would walk all the versions one transaction made (a statement of n
 * rows would cost n^2).  No row comes out when the head is not at $10 (it
 * moved: VACUUM FULL, or a version of an aborted subtransaction); the
 * caller looks it up and tries again.  Out comes the head's new ctid.
 */
#define APPEND_SQL \
	"WITH c AS (SELECT h.ctid AS tid, h.chain, h.last_seq, h.last_hash FROM omledger.audit_chain h " \
	"            WHERE h.ctid OPERATOR(pg_catalog.=) $10 AND h.chain OPERATOR(pg_catalog.=) $1 FOR UPDATE), " \
	"r AS (SELECT pg_catalog.nextval('omledger.audit_log_audit_id_seq'::pg_catalog.regclass) AS audit_id, " \
	"             c.tid, c.chain, c.last_seq OPERATOR(pg_catalog.+) 1 AS seq, c.last_hash AS prev_hash, " \
	"             pg_catalog.clock_timestamp() AS logged_at, pg_catalog.pg_current_xact_id() AS xact_id, " \
	"             $4 AS db_user, $5 AS session_role, %1$s AS person_id, $7 AS table_name, " \
	"             $8 AS operation, %2$s AS row_key, %3$s AS old_row, %4$s AS new_row FROM c), " \
	"x AS (SELECT r.*, omledger.audit_row_hash(r.prev_hash, r.audit_id, r.chain, r.seq, r.logged_at, " \
	"             r.xact_id, r.db_user, r.session_role, r.person_id, r.table_name, r.operation, " \
	"             r.row_key, r.old_row, r.new_row) AS row_hash FROM r), " \
	"i AS (INSERT INTO omledger.audit_log (audit_id, chain, seq, logged_at, xact_id, db_user, session_role, " \
	"       person_id, table_name, operation, row_key, old_row, new_row, prev_hash, row_hash) " \
	"       SELECT audit_id, chain, seq, logged_at, xact_id, db_user, session_role, person_id, table_name, " \
	"              operation, row_key, old_row, new_row, prev_hash, row_hash FROM x) " \
	"UPDATE omledger.audit_chain a SET last_seq = x.seq, last_id = x.audit_id, last_hash = x.row_hash " \
	"  FROM x WHERE a.ctid OPERATOR(pg_catalog.=) x.tid RETURNING a.ctid"

/* The roster entry of db_user ($4) on contract %s, registered today ($9). */
#define PERSON_SQL \
	"(SELECT p.person_id FROM omledger.person p " \
	"  WHERE p.contract_id OPERATOR(pg_catalog.=) %s AND p.db_role OPERATOR(pg_catalog.=) $4 " \
	"    AND p.registered OPERATOR(pg_catalog.@>) $9 ORDER BY p.person_id LIMIT 1)"

#define NUM_ROW_ARGS 10

/*
 * The generic plan, for a TRUNCATE and for the opening of a chain: $2
 * old_row, $3 new_row and $6 row_key as jsonb, $9 person_id.
 */
static SPIPlanPtr generic_plan = NULL;

/*
 * Prepare and keep a plan.  Generic: the plans are the same whatever the
 * values, and a custom plan would plan the statement again on every row.
 */
SPIPlanPtr
audit_keep(const char *sql, int nargs, Oid *argtypes)
{
	return omledger_keep_plan("audit", sql, nargs, argtypes, CURSOR_OPT_GENERIC_PLAN);
}

static SPIPlanPtr
get_generic_plan(void)
{
	if (generic_plan == NULL)
	{
		Oid			types[NUM_ROW_ARGS] = {INT4OID, JSONBOID, JSONBOID, NAMEOID, NAMEOID,
		JSONBOID, NAMEOID, TEXTOID, INT8OID, TIDOID};
		char	   *sql = psprintf(APPEND_SQL, "$9", "$6", "$2", "$3");

		generic_plan = audit_keep(sql, NUM_ROW_ARGS, types);
		pfree(sql);
	}
	return generic_plan;
}

/* The row plan of each audited table, prepared on its first change. */
typedef struct AuditTablePlan
{
	Oid			relid;
	SPIPlanPtr	plan;
} AuditTablePlan;

#define MAX_TABLE_PLANS 64
static AuditTablePlan table_plans[MAX_TABLE_PLANS];
static int	n_table_plans = 0;

/* Index of the column named name of type int8, or -1. */
int
audit_int8_column(TupleDesc desc, const char *name)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);

		if (!a->attisdropped && a->atttypid == INT8OID && strcmp(NameStr(a->attname), name) == 0)
			return i;
	}
	return -1;
}

/* Append one key column to the jsonb_build_object argument list. */
static void
add_key_column(StringInfo key, bool *seen, TupleDesc desc, AttrNumber attnum)
{
	const char *name;

	if (attnum <= 0 || attnum > desc->natts || seen[attnum - 1])
		return;
	seen[attnum - 1] = true;
	name = NameStr(TupleDescAttr(desc, attnum - 1)->attname);
	appendStringInfo(key, "%s%s, ($6).%s", key->len > 0 ? ", " : "",
					 quote_literal_cstr(name), quote_identifier(name));
}

/*
 * The key of a table's rows: its primary key, or where it has none the
 * columns of its unique indexes (online_hours: weekday, day).
 */
static char *
key_expression(Relation rel)
{
	StringInfoData key;
	TupleDesc	desc = RelationGetDescr(rel);
	bool	   *seen = palloc0(sizeof(bool) * desc->natts);
	Oid			pk = RelationGetPrimaryKeyIndex(rel);
	List	   *indexes = OidIsValid(pk) ? list_make1_oid(pk) : RelationGetIndexList(rel);
	ListCell   *lc;

	initStringInfo(&key);
	foreach(lc, indexes)
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index idx;

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "omledger audit: cache lookup failed for index %u", lfirst_oid(lc));
		idx = (Form_pg_index) GETSTRUCT(tup);
		if (idx->indisunique && idx->indisvalid && heap_attisnull(tup, Anum_pg_index_indpred, NULL))
			for (int k = 0; k < idx->indnkeyatts; k++)
				add_key_column(&key, seen, desc, idx->indkey.values[k]);
		ReleaseSysCache(tup);
	}
	if (key.len == 0)
		return pstrdup("NULL::pg_catalog.jsonb");
	return psprintf("pg_catalog.jsonb_build_object(%s)", key.data);
}

/*
 * Who acted: the contract of the row is its contract_id, or its work
 * item's; tables with neither (configuration) have no person.
 */
static char *
person_expression(Relation rel)
{
	TupleDesc	desc = RelationGetDescr(rel);

	if (audit_int8_column(desc, "contract_id") >= 0)
		return psprintf(PERSON_SQL, "($6).contract_id");
	if (audit_int8_column(desc, "item_id") >= 0)
		return psprintf(PERSON_SQL,
						"(SELECT w.contract_id FROM omledger.work_item w "
						"  WHERE w.item_id OPERATOR(pg_catalog.=) ($6).item_id)");
	return pstrdup("NULL::pg_catalog.int8");
}

static SPIPlanPtr
get_table_plan(Relation rel)
{
	Oid			relid = RelationGetRelid(rel);
	Oid			rowtype = rel->rd_rel->reltype;
	Oid			types[NUM_ROW_ARGS] = {INT4OID, rowtype, rowtype, NAMEOID, NAMEOID,
	rowtype, NAMEOID, TEXTOID, DATEOID, TIDOID};
	char	   *sql;
	SPIPlanPtr	plan;

	for (int i = 0; i < n_table_plans; i++)
		if (table_plans[i].relid == relid)
			return table_plans[i].plan;

	sql = psprintf(APPEND_SQL, person_expression(rel), key_expression(rel),
				   "pg_catalog.to_jsonb($2)", "pg_catalog.to_jsonb($3)");
	if (n_table_plans >= MAX_TABLE_PLANS)
		elog(ERROR, "omledger audit: more than %d audited tables", MAX_TABLE_PLANS);
	plan = audit_keep(sql, NUM_ROW_ARGS, types);
	table_plans[n_table_plans].relid = relid;
	table_plans[n_table_plans].plan = plan;
	n_table_plans++;
	return plan;
}

/* ------------------------------------------------------------- writing */

/*
 * The pinned search_path of the audit statements: pg_catalog alone (every
 * name in them is qualified), pushed as an override as caps.c does.
 */
static OverrideSearchPath *
audit_search_path(void)
{
	static OverrideSearchPath *path = NULL;

	if (path == NULL)
	{
		OverrideSearchPath *p = GetOverrideSearchPath(TopMemoryContext);

		list_free(p->schemas);
		p->schemas = NIL;
		p->addCatalog = true;
		p->addTemp = false;
		path = p;
	}
	return path;
}

/* Run a plan; returns the number of rows it processed (or returned). */
uint64
audit_run(SPIPlanPtr plan, Datum *values, const char *nulls)
{
	int			rc = SPI_execute_plan(plan, values, nulls, false, 0);

	if (rc < 0)
		elog(ERROR, "omledger audit: SPI_execute_plan failed: %s", SPI_result_code_string(rc));
	return SPI_processed;
}

/* Where this backend's chain's head row is, if known. */
static ItemPointerData my_head;
static bool my_head_known = false;

/* The ctid of the visible version of chain's head; false if none. */
static bool
locate_head(int32 chain, ItemPointer tid)
{
	static SPIPlanPtr plan = NULL;
	Oid			int4type = INT4OID;
	Datum		c = Int32GetDatum(chain);
	bool		isnull;

	if (plan == NULL)
		plan = audit_keep("SELECT h.ctid FROM omledger.audit_chain h WHERE h.chain OPERATOR(pg_catalog.=) $1",
					1, &int4type);
	if (audit_run(plan, &c, NULL) != 1)
		return false;
	*tid = *(ItemPointer) DatumGetPointer(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	return true;
}

/*
 * Append one row to chain with plan and values (v[0] and v[9] are filled
 * in here), the head's ctid remembered in *head and *known.  False if the
 * chain has no head.
 */
static bool
append_to(SPIPlanPtr plan, Datum *v, char *n, int32 chain, ItemPointer head, bool *known)
{
	for (int attempt = 0; attempt < 3; attempt++)
	{
		bool		isnull;

		if (!*known)
		{
			if (!locate_head(chain, head))
				return false;
			*known = true;
		}
		v[0] = Int32GetDatum(chain);
		v[9] = PointerGetDatum(head);
		n[0] = n[9] = ' ';
		if (audit_run(plan, v, n) == 1)
		{
			*head = *(ItemPointer) DatumGetPointer(SPI_getbinval(SPI_tuptable->vals[0],
													   SPI_tuptable->tupdesc, 1, &isnull));
			return true;
		}
		*known = false;			/* moved, or a version that was rolled back */
	}
	elog(ERROR, "omledger audit: the head of chain %d keeps moving", chain);
	return false;				/* not reached */
}

/*
 * Open the chains: the register (chain 0) first, then every chain a backend
 * id of this server may use (1 .. MaxBackends) that has no head yet, each
 * with a row in the register naming it.  Done for all of them at once so
 * that it happens once per database (and again only if max_connections
 * grows): opening appends to the register, which serialises openers until
 * the opening transaction ends, and that must not be every new backend.
 */
static void
open_chains(Datum db_user, Datum session_role)
{
	static SPIPlanPtr reg_head = NULL;
	static SPIPlanPtr missing = NULL;
	static SPIPlanPtr new_head = NULL;
	Oid			int4type = INT4OID;
	Datum		v[NUM_ROW_ARGS];
	char		n[NUM_ROW_ARGS + 1];
	int32	   *chains;
	uint64		nchains;
	ItemPointerData reg;
	bool		reg_known = false;
	Datum		max = Int32GetDatum(MaxBackends);

	if (reg_head == NULL)
		reg_head = audit_keep("INSERT INTO omledger.audit_chain (chain, last_seq) VALUES (0, 0) "
						"ON CONFLICT (chain) DO NOTHING", 0, NULL);
	if (missing == NULL)
		missing = audit_keep("SELECT g.g FROM pg_catalog.generate_series(1, $1) AS g(g) "
					   " WHERE NOT EXISTS (SELECT FROM omledger.audit_chain h "
					   "                    WHERE h.chain OPERATOR(pg_catalog.=) g.g) ORDER BY 1",
					   1, &int4type);
	if (new_head == NULL)
		new_head = audit_keep("INSERT INTO omledger.audit_chain (chain, last_seq) VALUES ($1, 0)",
						1, &int4type);

	audit_run(reg_head, NULL, NULL);
	nchains = audit_run(missing, &max, NULL);
	chains = palloc(sizeof(int32) * (nchains + 1));
	for (uint64 i = 0; i < nchains; i++)
	{
		bool		isnull;

		chains[i] = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
	}

	memset(n, ' ', NUM_ROW_ARGS);
	n[NUM_ROW_ARGS] = '\0';
	n[1] = n[8] = 'n';
	v[1] = v[8] = (Datum) 0;
	v[3] = db_user;
	v[4] = session_role;
	v[6] = DirectFunctionCall1(namein, CStringGetDatum("audit_chain"));
	v[7] = CStringGetTextDatum("INSERT");
	for (uint64 i = 0; i < nchains; i++)
	{
		Datum		jchain = DirectFunctionCall1(jsonb_in,
												 CStringGetDatum(psprintf("{\"chain\": %d}", chains[i])));
		Datum		c = Int32GetDatum(chains[i]);

		v[2] = v[5] = jchain;
		if (!append_to(get_generic_plan(), v, n, 0, &reg, &reg_known))
			elog(ERROR, "omledger audit: the register of chains has no head");
		audit_run(new_head, &c, NULL);
	}
}

/*
 * Append one row to this backend's chain with plan and values (the chain
 * and the users are filled in here), as the extension's owner.
 */
static void
append(Relation rel, SPIPlanPtr (*get_plan) (Relation), Datum *v, char *nulls,
	   Datum acting, HeapTuple oldtup, HeapTuple newtup)
{
	Oid			save_userid;
	int			save_sec_context;
	int32		chain = MyBackendId;

	v[3] = acting ? acting :
		DirectFunctionCall1(namein, CStringGetDatum(GetUserNameFromId(GetUserId(), false)));
	v[4] = DirectFunctionCall1(namein, CStringGetDatum(GetUserNameFromId(GetSessionUserId(), false)));
	nulls[3] = nulls[4] = ' ';

	/*
	 * Run as the owner of the audited table (the extension's owner), with a
	 * search_path nobody can hijack; an error restores both at
	 * (sub)transaction abort.
	 */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(rel->rd_rel->relowner, save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	PushOverrideSearchPath(audit_search_path());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "omledger audit: SPI_connect failed");

	audit_writing++;
	PG_TRY();
	{
		SPIPlanPtr	plan;

		if ((oldtup != NULL || newtup != NULL) &&
			audit_append_direct(rel, oldtup, newtup, v[3], v[4], v[6], v[7],
								&my_head, &my_head_known))
			goto done;
		plan = get_plan(rel);
		if (!append_to(plan, v, nulls, chain, &my_head, &my_head_known))
		{
			open_chains(v[3], v[4]);
			if (!append_to(plan, v, nulls, chain, &my_head, &my_head_known))
				elog(ERROR, "omledger audit: chain %d has no head", chain);
		}
done:	;
	}
	PG_FINALLY();
	{
		audit_writing--;
	}
	PG_END_TRY();

	SPI_finish();
	PopOverrideSearchPath();
	SetUserIdAndSecContext(save_userid, save_sec_context);
}

/*
 * The role acting on a new work_item_event row: its db_user.  The workflow
 * engine writes its events with the owner's rights (nobody else may insert
 * one), so current_user is the owner by the time this trigger fires; the
 * row names the role that changed the item, taken before the switch.  Zero
 * for any other row: the audit takes current_user.
 */
static Datum
event_db_user(Relation rel, HeapTuple newtup)
{
	AttrNumber	att;
	bool		isnull;
	Datum		d;

	if (newtup == NULL || strcmp(RelationGetRelationName(rel), "work_item_event") != 0)
		return (Datum) 0;
	att = SPI_fnumber(RelationGetDescr(rel), "db_user");
	if (att <= 0)
		return (Datum) 0;
	d = heap_getattr(newtup, att, RelationGetDescr(rel), &isnull);
	return isnull ? (Datum) 0 : d;
}

static SPIPlanPtr
generic_plan_for(Relation rel)
{
	return get_generic_plan();
}

/* workflow.c's rule for a restore: a superuser's COPY FROM. */
static bool
bulk_loading(void)
{
	LOCAL_FCINFO(fcinfo, 0);

	InitFunctionCallInfoData(*fcinfo, NULL, 0, InvalidOid, NULL, NULL);
	return DatumGetBool(ledger_bulk_loading(fcinfo));
}

/* Nothing to audit: the extension's own scripts, or a restore's COPY. */
static bool
audit_skipped(void)
{
	return creating_extension || bulk_loading();
}

/* --------------------------------------------------------------- triggers */

void
audit_record_row(Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	TupleDesc	desc = RelationGetDescr(rel);
	Datum		v[NUM_ROW_ARGS];
	char		n[NUM_ROW_ARGS + 1];
	const char *op = oldtup == NULL ? "INSERT" : newtup == NULL ? "DELETE" : "UPDATE";

	if (audit_skipped())
		return;
	memset(n, ' ', NUM_ROW_ARGS);
	n[NUM_ROW_ARGS] = '\0';
	v[1] = oldtup ? heap_copy_tuple_as_datum(oldtup, desc) : (Datum) 0;
	n[1] = oldtup ? ' ' : 'n';
	v[2] = newtup ? heap_copy_tuple_as_datum(newtup, desc) : (Datum) 0;
	n[2] = newtup ? ' ' : 'n';
	v[5] = newtup ? v[2] : v[1];	/* the row as it is now, or was */
	v[6] = DirectFunctionCall1(namein, CStringGetDatum(RelationGetRelationName(rel)));
	v[7] = CStringGetTextDatum(op);
	v[8] = DateADTGetDatum(japan_today());
	append(rel, get_table_plan, v, n, event_db_user(rel, newtup), oldtup, newtup);
}

PG_FUNCTION_INFO_V1(audit_row);
Datum
audit_row(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_row: not called by trigger manager")));
	if (!TRIGGER_FIRED_AFTER(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		td->tg_trigger->tgnargs != 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_row: must be fired AFTER INSERT, UPDATE or DELETE FOR EACH ROW, without arguments")));
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		audit_record_row(td->tg_relation, NULL, td->tg_trigtuple);
	else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		audit_record_row(td->tg_relation, td->tg_trigtuple, td->tg_newtuple);
	else
		audit_record_row(td->tg_relation, td->tg_trigtuple, NULL);
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(audit_truncate);
Datum
audit_truncate(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Datum		v[NUM_ROW_ARGS];
	char		n[NUM_ROW_ARGS + 1] = " nn  n  n ";

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_truncate: not called by trigger manager")));
	if (!TRIGGER_FIRED_AFTER(td->tg_event) || !TRIGGER_FIRED_BY_TRUNCATE(td->tg_event) ||
		td->tg_trigger->tgnargs != 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_truncate: must be fired AFTER TRUNCATE, without arguments")));
	if (audit_skipped())
		return PointerGetDatum(NULL);

	v[1] = v[2] = v[5] = v[8] = (Datum) 0;
	v[6] = DirectFunctionCall1(namein, CStringGetDatum(RelationGetRelationName(td->tg_relation)));
	v[7] = CStringGetTextDatum("TRUNCATE");
	append(td->tg_relation, generic_plan_for, v, n, (Datum) 0, NULL, NULL);
	return PointerGetDatum(NULL);
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE FOR EACH ROW and BEFORE TRUNCATE on
 * audit_log and audit_chain.  Whatever the role: no update (of audit_log),
 * no delete, no truncate; inserts (and head updates) only from the audit
 * statements above, or a superuser's COPY restoring a dump.  Short of this
 * trigger being disabled (by a superuser, or session_replication_role =
 * replica), which verify_audit_chain() is there to catch.
 */
PG_FUNCTION_INFO_V1(audit_log_guard);
Datum
audit_log_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	const char *table;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_log_guard: not called by trigger manager")));
	if (!TRIGGER_FIRED_BEFORE(td->tg_event) || td->tg_trigger->tgnargs != 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_log_guard: must be fired BEFORE, without arguments")));
	table = RelationGetRelationName(td->tg_relation);

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event) ||
		(TRIGGER_FIRED_BY_UPDATE(td->tg_event) && strcmp(table, "audit_chain") == 0))
	{
		if (audit_writing > 0 ||
			(TRIGGER_FIRED_BY_INSERT(td->tg_event) && bulk_loading()))
			return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple);
		ereport(ERROR,
				(errcode(ERRCODE_OM_AUDIT_WRITE_REFUSED),
				 errmsg("only the audit triggers write into omledger.%s", table),
				 errdetail("The audit log records the changes of the ledger tables as they happen; a row written by hand would be a forgery."),
				 errhint("Change the ledger table: its audit trigger records the change.")));
	}
	ereport(ERROR,
			(errcode(ERRCODE_OM_AUDIT_APPEND_ONLY),
			 errmsg("omledger.%s is append-only", table),
			 errdetail("The audit log is never updated, deleted from or truncated, whatever the role."),
			 errhint("Audit rows are kept for good; a correction of the ledger is itself audited.")));
	return PointerGetDatum(NULL);	/* not reached */
}
