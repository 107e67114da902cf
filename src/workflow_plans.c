/*
 * workflow_plans.c
 *	  The SPI plans of the workflow engine, all in one registry.
 *
 * Other tables are read through SPI with plans prepared once per backend and
 * kept (SPI_keepplan).  A kept plan is a CachedPlanSource: the plan cache
 * revalidates it when a table it reads is altered, dropped or recreated (it
 * re-analyses the query text), so DROP/CREATE EXTENSION in the same backend
 * is safe.  Every name in the queries is schema-qualified, operators too,
 * because pg_restore runs with search_path = ''.
 *
 * The rules are decided on the whole ledger, not on what the writer may
 * see: the plans marked as_owner (every read a precondition or a rule makes
 * of approvals, evidence, other items, the roster, the calendar and the
 * definitions) run as the owner of the ledger's tables, as the caps trigger
 * reads its totals.  Under row-level security an approval the writer may
 * not read is still an approval, and a writer needs no privilege on a
 * table the engine only consults (doc/workflow.md "Who reads what").  The
 * roster lookup names the acting role as an argument (not CURRENT_USER,
 * which would be the owner).  Only what a caller shows the user (the DOT
 * rendering) runs as the user.  The queries name no
 * function or operator through the search_path, so the owner's rights
 * cannot be borrowed by a same-named object in an earlier schema.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"

#include "omledger.h"

#include "workflow_internal.h"

typedef struct PlanDef
{
	const char *sql;
	int			nargs;
	Oid			argtypes[7];
	bool		as_owner;		/* a rule's read: as the tables' owner */
} PlanDef;

#define EQ " OPERATOR(pg_catalog.=) "

static const PlanDef plan_defs[P_COUNT] = {
	[P_TRANSITION] = {
		"SELECT t.enabled, t.requires FROM omledger.workflow_transition t"
		" WHERE t.kind" EQ "$1 AND t.from_status" EQ "$2 AND t.to_status" EQ "$3"
		" ORDER BY t.seeded LIMIT 1",
		3, {TEXTOID, TEXTOID, TEXTOID}, true
	},
	[P_NEXT] = {
		"SELECT pg_catalog.string_agg(pg_catalog.quote_ident(e.to_status), ', ' ORDER BY e.to_status)"
		" FROM (SELECT DISTINCT ON (t.to_status) t.to_status, t.enabled"
		"       FROM omledger.workflow_transition t"
		"       WHERE t.kind" EQ "$1 AND t.from_status" EQ "$2"
		"       ORDER BY t.to_status, t.seeded) e WHERE e.enabled",
		2, {TEXTOID, TEXTOID}, true
	},
	[P_STATUS] = {
		"SELECT s.is_initial, s.starts_response, s.bumps_content FROM omledger.workflow_status s"
		" WHERE s.kind" EQ "$1 AND s.status" EQ "$2",
		2, {TEXTOID, TEXTOID}, true
	},
	[P_INITIAL] = {
		"SELECT s.status FROM omledger.workflow_status s"
		" WHERE s.kind" EQ "$1 AND s.is_initial",
		1, {TEXTOID}, true
	},
	/* the roster entry of the contract mapped to the role $3 on the day $2 */
	[P_ROLE_PERSON] = {
		"SELECT p.person_id, p.side FROM omledger.person p"
		" WHERE p.contract_id" EQ "$1 AND p.db_role" EQ "$3"
		" AND p.registered OPERATOR(pg_catalog.@>) $2 ORDER BY p.person_id LIMIT 1",
		3, {INT8OID, DATEOID, NAMEOID}, true
	},
	[P_PERSON] = {
		"SELECT p.side, p.registered OPERATOR(pg_catalog.@>) $2 FROM omledger.person p"
		" WHERE p.person_id" EQ "$1",
		2, {INT8OID, DATEOID}, true
	},
	[P_SUB_KIND] = {
		"SELECT k.requires_procedure, k.requires_prior_agreement FROM omledger.work_sub_kind k"
		" WHERE k.kind" EQ "$1 AND k.sub_kind" EQ "$2",
		2, {TEXTOID, TEXTOID}, true
	},
	[P_DECISION] = {
		"SELECT a.decision FROM omledger.approval a"
		" WHERE a.item_id" EQ "$1 AND a.subject" EQ "$2"
		" AND a.decided_at OPERATOR(pg_catalog.>=) $3 AND a.decided_at OPERATOR(pg_catalog.<=) $4"
		" ORDER BY a.decided_at DESC, a.approval_id DESC LIMIT 1",
		4, {INT8OID, TEXTOID, TIMESTAMPTZOID, TIMESTAMPTZOID}, true
	},
	[P_EVIDENCE] = {
		"SELECT e.result, p.side FROM omledger.evidence e"
		" LEFT JOIN omledger.person p ON p.person_id" EQ "e.recorded_by"
		" WHERE e.item_id" EQ "$1 AND e.evidence_type" EQ "$2"
		" AND e.performed_at OPERATOR(pg_catalog.>=) $3 AND e.performed_at OPERATOR(pg_catalog.<=) $4"
		" ORDER BY e.performed_at DESC, e.evidence_id DESC LIMIT 1",
		4, {INT8OID, TEXTOID, TIMESTAMPTZOID, TIMESTAMPTZOID}, true
	},
	/* FOR SHARE: the class must not change while we act on it */
	[P_PARENT] = {
		"SELECT w.kind, w.failure_class FROM omledger.work_item w"
		" WHERE w.item_id" EQ "$1 FOR SHARE",
		1, {INT8OID}, true
	},
	[P_HANDOVER] = {
		"SELECT c.handover_in OPERATOR(pg_catalog.@>) $2 FROM omledger.contract c"
		" WHERE c.contract_id" EQ "$1",
		2, {INT8OID, DATEOID}, true
	},
	[P_RESPONSE_DUE] = {
		"SELECT omledger.response_due($1, $2, $3)",
		3, {TIMESTAMPTZOID, BOOLOID, TEXTOID}, true
	},
	[P_EVENT] = {
		"INSERT INTO omledger.work_item_event"
		" (contract_id, item_id, from_status, to_status, occurred_at, actor_id, db_user)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7)",
		7, {INT8OID, INT8OID, TEXTOID, TEXTOID, TIMESTAMPTZOID, INT8OID, NAMEOID}
	},
	/* FOR SHARE: serialise with a status change of the same item */
	[P_LOCK_ITEM] = {
		"SELECT w.requested_by, w.created_by FROM omledger.work_item w"
		" WHERE w.item_id" EQ "$1 AND w.contract_id" EQ "$2 FOR SHARE",
		2, {INT8OID, INT8OID}, true
	},
	[P_DEADLINE_REF] = {
		"SELECT 1 FROM omledger.deadline_change d"
		" WHERE d.deadline_change_id" EQ "$1 AND d.item_id" EQ "$2",
		2, {INT8OID, INT8OID}, true
	},
	[P_DUE] = {
		"SELECT omledger.work_item_due($1)",
		1, {INT8OID}, true
	},
	/* the state machines, all kinds, for the per-session copy (workflow_def.c) */
	[P_DEF_STATUS] = {
		"SELECT s.kind, s.status, s.is_initial, s.starts_response, s.bumps_content"
		" FROM omledger.workflow_status s",
		0, {InvalidOid}, true
	},
	/* the city's row overrides the seeded one, as in P_TRANSITION */
	[P_DEF_TRANSITION] = {
		"SELECT DISTINCT ON (t.kind, t.from_status, t.to_status)"
		" t.kind, t.from_status, t.to_status, t.enabled, t.requires"
		" FROM omledger.workflow_transition t"
		" ORDER BY t.kind, t.from_status, t.to_status, t.seeded",
		0, {InvalidOid}, true
	},
	[P_DEF_SUB_KIND] = {
		"SELECT k.kind, k.sub_kind, k.requires_procedure, k.requires_prior_agreement"
		" FROM omledger.work_sub_kind k",
		0, {InvalidOid}, true
	},
	[P_DOT_STATUS] = {
		"SELECT s.status, s.is_initial, s.is_terminal FROM omledger.workflow_status s"
		" WHERE s.kind" EQ "$1 ORDER BY s.sort_order, s.status",
		1, {TEXTOID}
	},
	[P_DOT_TRANSITION] = {
		"SELECT e.from_status, e.to_status, e.requires"
		" FROM (SELECT DISTINCT ON (t.from_status, t.to_status) t.*"
		"       FROM omledger.workflow_transition t WHERE t.kind" EQ "$1"
		"       ORDER BY t.from_status, t.to_status, t.seeded) e"
		" JOIN omledger.workflow_status f ON f.kind" EQ "e.kind AND f.status" EQ "e.from_status"
		" JOIN omledger.workflow_status g ON g.kind" EQ "e.kind AND g.status" EQ "e.to_status"
		" WHERE e.enabled ORDER BY f.sort_order, g.sort_order",
		1, {TEXTOID}
	},
	/*
	 * When the item's fields last changed, as work_item_event records it;
	 * through to_jsonb, since a schema before 0.4 has no field column (and
	 * no such events: NULL)
	 */
	/* only on a schema with work_item_event.field (wf_approval_window_start); the
	 * IS NOT NULL matches the partial index work_item_event_field_idx */
	[P_LAST_CHANGE] = {
		"SELECT pg_catalog.max(e.occurred_at) FROM omledger.work_item_event e"
		" WHERE e.item_id" EQ "$1 AND e.field IS NOT NULL AND e.field" EQ "ANY ($2)",
		2, {INT8OID, TEXTARRAYOID}, true
	},
	[P_CLASSIFICATION] = {
		"SELECT a.decision, a.subject_ref FROM omledger.approval a"
		" WHERE a.item_id" EQ "$1 AND a.subject" EQ "'classification'"
		" AND a.decided_at OPERATOR(pg_catalog.>=) $2 AND a.decided_at OPERATOR(pg_catalog.<=) $3"
		" ORDER BY a.decided_at DESC, a.approval_id DESC LIMIT 1",
		3, {INT8OID, TIMESTAMPTZOID, TIMESTAMPTZOID}, true
	},
	[P_CHILDREN] = {
		"SELECT w.item_id, w.status FROM omledger.work_item w"
		" WHERE w.parent_id" EQ "$1 AND w.kind" EQ "'modification' ORDER BY w.item_id",
		1, {INT8OID}, true
	},
	[P_CLOSED_DAY] = {
		"SELECT omledger.is_closed_day($1)",
		1, {DATEOID}, true
	},
	/* through to_jsonb: a schema before 0.4 has no such column (NULL: no) */
	[P_REMEDY] = {
		"SELECT (pg_catalog.to_jsonb(w) OPERATOR(pg_catalog.->>) 'third_party_remedy')::pg_catalog.bool"
		" FROM omledger.work_item w WHERE w.item_id" EQ "$1",
		1, {INT8OID}, true
	},
	/* through to_jsonb: a schema before 0.4 has no such column (NULL: none) */
	[P_EMERGENCY] = {
		"SELECT (pg_catalog.to_jsonb(c) OPERATOR(pg_catalog.->>) 'emergency_release_open_days')::pg_catalog.int4"
		" FROM omledger.contract c WHERE c.contract_id" EQ "$1",
		1, {INT8OID}, true
	},
	/* rule 5: an approval naming the day, or naming none since the day was set */
	[P_DAY_AGREEMENT] = {
		"SELECT a.decision FROM omledger.approval a"
		" WHERE a.item_id" EQ "$1 AND a.subject" EQ "'closed_day_attendance'"
		" AND a.decided_at OPERATOR(pg_catalog.<=) $5"
		" AND ((a.subject_ref" EQ "$2 AND a.decided_at OPERATOR(pg_catalog.>=) $3)"
		"      OR (a.subject_ref IS NULL AND a.decided_at OPERATOR(pg_catalog.>=) $4))"
		" ORDER BY a.decided_at DESC, a.approval_id DESC LIMIT 1",
		5, {INT8OID, TEXTOID, TIMESTAMPTZOID, TIMESTAMPTZOID, TIMESTAMPTZOID}, true
	},

};

static SPIPlanPtr plans[P_COUNT];

/* The owner of omledger.work_item, once looked up; InvalidOid: look again. */
static Oid	ledger_owner = InvalidOid;
static Oid	ledger_relid = InvalidOid;

static void
ledger_owner_relcache_cb(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == ledger_relid)
		ledger_owner = InvalidOid;
}

/*
 * The role the rules read as: the owner of the ledger's tables (the
 * extension's owner).  ALTER TABLE ... OWNER TO sends a relcache
 * invalidation of the table, which forgets it.
 */
Oid
wf_rules_owner(void)
{
	static bool registered = false;

	if (OidIsValid(ledger_owner))
		return ledger_owner;
	if (!registered)
	{
		omledger_relcache_hook(ledger_owner_relcache_cb);
		registered = true;
	}
	ledger_relid = get_relname_relid("work_item", get_namespace_oid("omledger", false));
	if (!OidIsValid(ledger_relid))
		elog(ERROR, "omledger: table omledger.work_item does not exist");
	ledger_owner = omledger_rel_owner(ledger_relid);
	return ledger_owner;
}

static SPIPlanPtr
plan_get(PlanId id)
{
	if (plans[id] == NULL)
	{
		const PlanDef *d = &plan_defs[id];

		plans[id] = omledger_keep_plan(psprintf("workflow plan %d", (int) id), d->sql,
									   d->nargs, d->argtypes, 0);
	}
	return plans[id];
}

/* The role a plan runs as (see the head), and back. */
typedef struct PlanRole
{
	Oid			userid;
	int			sec_context;
} PlanRole;

/*
 * A plan is prepared and run as the same role, so that it is not analysed
 * again for another.  An error restores the user at (sub)transaction abort.
 */
static void
plan_role_enter(PlanId id, PlanRole *saved)
{
	GetUserIdAndSecContext(&saved->userid, &saved->sec_context);
	if (plan_defs[id].as_owner)
		SetUserIdAndSecContext(wf_rules_owner(), saved->sec_context | SECURITY_LOCAL_USERID_CHANGE);
}

static void
plan_role_leave(const PlanRole *saved)
{
	SetUserIdAndSecContext(saved->userid, saved->sec_context);
}

/* Run a kept plan; nulls as SPI wants them (' ' or 'n'), NULL for none. */
uint64
plan_run(PlanId id, Datum *values, const char *nulls, long tcount)
{
	PlanRole	saved;
	int			rc;

	plan_role_enter(id, &saved);
	rc = SPI_execute_plan(plan_get(id), values, nulls, false, tcount);
	plan_role_leave(&saved);
	if (rc < 0)
		elog(ERROR, "omledger: SPI_execute_plan failed for plan %d: %s",
			 (int) id, SPI_result_code_string(rc));
	return SPI_processed;
}

/*
 * Run a kept plan with the latest snapshot, read-only: to load a copy that
 * is kept across statements (the copy then knows every change committed
 * before its invalidation was accepted, as the catalogs do).
 */
uint64
plan_run_latest(PlanId id)
{
	PlanRole	saved;
	int			rc;

	plan_role_enter(id, &saved);
	rc = SPI_execute_snapshot(plan_get(id), NULL, NULL, GetLatestSnapshot(),
							  InvalidSnapshot, true, false, 0);
	plan_role_leave(&saved);

	if (rc < 0)
		elog(ERROR, "omledger: SPI_execute_snapshot failed for plan %d: %s",
			 (int) id, SPI_result_code_string(rc));
	return SPI_processed;
}

Datum
spi_value(uint64 row, int col, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, isnull);
}

/* A text result as a C string in the current context, or NULL. */
char *
spi_text(uint64 row, int col)
{
	bool		isnull;
	Datum		d = spi_value(row, col, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}
