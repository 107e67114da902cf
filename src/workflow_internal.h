/*
 * workflow_internal.h
 *	  What the files of the workflow engine share.  One file per concern:
 *
 *	  workflow_row.c      row access: attribute numbers resolved once per
 *	                      relation (workflow_row.h)
 *	  workflow_plans.c    the SPI plans, all of them, in one registry
 *	  workflow_def.c      the state machines (workflow_status,
 *	                      workflow_transition, work_sub_kind) per kind
 *	  workflow_actor.c    who acts (rule 8), and the session's answers
 *	  workflow_rules.c    the named preconditions of a transition (rules
 *	                      1-7) and rule 6's immediate part
 *	  workflow_window.c   what the rules read of the item's records:
 *	                      approval windows, closed days, class A remedy
 *	  workflow_invariants.c  the rules as invariants of the item: what a
 *	                      change of a column that decides them re-checks
 *	                      (workflow_invariants.h)
 *	  workflow_item.c     the triggers on work_item
 *	  workflow_records.c  the triggers on approval, evidence, deadline_change
 *	  workflow_dot.c      workflow_dot()
 *	  ledger.c            what every ledger trigger shares: protocol checks,
 *	                      bulk load, times; append-only history, seeded rows
 *
 *	  The pure part (requirement names, DOT text) is src/core/workflow.c.
 *	  doc/workflow.md, "Implementation", says how to add a rule.
 */
#ifndef OMLEDGER_WORKFLOW_INTERNAL_H
#define OMLEDGER_WORKFLOW_INTERNAL_H

#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "utils/date.h"
#include "utils/inval.h"
#include "utils/timestamp.h"

#include "workflow.h"			/* src/core/workflow.h: requirements, DOT */
#include "workflow_row.h"

/* ------------------------------------------------ workflow_plans.c */

/* Every SPI plan of the engine; the queries are in workflow_plans.c. */
typedef enum PlanId
{
	P_TRANSITION,
	P_NEXT,
	P_STATUS,
	P_INITIAL,
	P_ROLE_PERSON,
	P_PERSON,
	P_SUB_KIND,
	P_DECISION,
	P_EVIDENCE,
	P_PARENT,
	P_HANDOVER,
	P_RESPONSE_DUE,
	P_EVENT,
	P_LOCK_ITEM,
	P_DEADLINE_REF,
	P_DUE,
	P_DEF_STATUS,
	P_DEF_TRANSITION,
	P_DEF_SUB_KIND,
	P_DOT_STATUS,
	P_DOT_TRANSITION,
	/* the rules as invariants (workflow_invariants.c) */
	P_LAST_CHANGE,
	P_CLASSIFICATION,
	P_CHILDREN,
	P_CLOSED_DAY,
	P_REMEDY,
	P_EMERGENCY,
	P_DAY_AGREEMENT,
	P_COUNT
} PlanId;

/*
 * Run a kept plan (prepared on first use); nulls as SPI wants them (' ' or
 * 'n'), NULL for none.  Returns SPI_processed.  The caller is connected.
 */
extern uint64 plan_run(PlanId id, Datum *values, const char *nulls, long tcount);
/* The role a rule's read runs as: the owner of the ledger's tables. */
extern Oid	wf_rules_owner(void);
/* Run a kept plan without arguments with the latest snapshot (for a cache). */
extern uint64 plan_run_latest(PlanId id);

/* A value of the last result; a text one as a C string (or NULL). */
extern Datum spi_value(uint64 row, int col, bool *isnull);
extern char *spi_text(uint64 row, int col);

/* --------------------------------------------------------- ledger.c */

/* COPY FROM on behalf of a superuser: pg_restore loading history. */
extern bool bulk_load(void);

/*
 * The checks every trigger of the engine makes: called by the trigger
 * manager, FOR EACH ROW (row), BEFORE (before); at most maxargs arguments.
 */
extern TriggerData *check_trigger_protocol(FunctionCallInfo fcinfo, const char *fname,
										   bool row, bool before, int maxargs);

/* Times and dates in messages. */
extern char *date_str(DateADT d);
extern char *ts_str(TimestampTz t);

/* A time supplied by the statement must not lie in the future (OM211). */
extern void check_not_future(TimestampTz t, const char *what, const char *table, int64 id);

/* ------------------------------------------------ workflow_actor.c */

typedef struct Actor
{
	bool		known;			/* false: a superuser not on the roster */
	int64		person_id;
	char		side[32];
} Actor;

extern void check_registered(int64 contract_id, int64 person_id, DateADT on,
							 const char *what, char *side);
extern Actor resolve_actor(int64 contract_id, DateADT on, bool named_null, int64 named,
						   const char *what);
/* The side of current_user's roster entry on the date; NULL: none. */
extern char *actor_side(int64 contract_id, DateADT on);

/* -------------------------------------------------- workflow_def.c */

/* A status of a kind's state machine. */
typedef struct WfStatusInfo
{
	bool		is_initial;
	bool		starts_response;
	bool		bumps_content;
} WfStatusInfo;

/* What a transition needs; found false when the move is not allowed. */
typedef struct WfTransitionInfo
{
	bool		found;			/* a row, enabled */
	bool		known;			/* every requirement names one we implement */
	wf_reqmask	requires;
	char	   *requires_text;	/* for the message when not known */
} WfTransitionInfo;

/*
 * The state machines as this session keeps them, or NULL: then every lookup
 * reads the tables (under REPEATABLE READ and SERIALIZABLE, whose snapshot a
 * kept copy would not respect, and in a schema without the invalidation
 * triggers).  Valid for the current statement; rel is work_item.
 */
typedef struct WfDefs WfDefs;
extern const WfDefs *wf_defs(Relation rel);

extern bool wf_status_lookup(const WfDefs *d, const char *kind, const char *status,
							 WfStatusInfo *info);
extern char *wf_initial_status(const WfDefs *d, const char *kind);
extern WfTransitionInfo wf_transition_lookup(const WfDefs *d, const char *kind,
											 const char *from, const char *to);
extern char *wf_allowed_next(const char *kind, const char *from);
extern bool wf_sub_kind_lookup(const WfDefs *d, const char *kind, const char *sub_kind,
							   bool *requires_procedure, bool *requires_prior_agreement);
extern wf_reqmask wf_requires_mask(Datum array, bool *known);

/* When a session may keep a copy of a table (see workflow_def.c). */
extern bool wf_cache_ready(RelcacheCallbackFunction callback, bool *registered);
extern bool wf_cacheable_table(Oid relid, Oid nsp, const char *trigger);

/* ------------------------------------------------ workflow_rules.c */

/* A work item as the rules see it: its final state and the move. */
typedef struct ItemCtx
{
	int64		item_id;
	int64		contract_id;
	char	   *kind;
	char	   *sub_kind;
	char	   *from;
	char	   *to;
	char	   *severity;
	bool		has_parent;
	int64		parent_id;
	bool		has_effort;
	TimestampTz effort_set_at;
	TimestampTz content_changed_at;
	TimestampTz requested_at;
	bool		has_scheduled;
	TimestampTz scheduled_at;
	TimestampTz at;				/* when the transition happens */
	bool		internal_handover;
	const WfDefs *defs;			/* the state machines (NULL: read them) */
	bool		sub_kind_loaded;
	bool		requires_procedure;
	bool		requires_prior_agreement;
} ItemCtx;

/* The transition's requirements, or an OM200 error if it is not allowed. */
extern wf_reqmask lookup_transition(ItemCtx *c);

/* Check each precondition of the mask, in order (rules 1-7). */
extern void check_requirements(ItemCtx *c, wf_reqmask mask);

/*
 * Rule 6: a modification of a failure.  at_transition false: the immediate
 * check (class C refused); true: the precondition.  Returns "class D".
 */
extern bool check_failure_class(ItemCtx *c, bool at_transition);

/* ------------------------------------------------ workflow_probe.c */

/*
 * The reads of P_DECISION and P_LAST_CHANGE as index probes, with the
 * queries' results, snapshot and locks; false when a probe may not answer
 * (row-level security applies to the current user, no SELECT, the index
 * not as created): then run the query.
 */
extern bool wf_probe_decision(int64 item_id, const char *subject, TimestampTz lo,
							  TimestampTz hi, char *decision);
extern bool wf_probe_last_change(int64 item_id, const Datum *fields, int nfields,
								 TimestampTz *last, bool *found);

/* ------------------------------------------------ workflow_window.c */

/*
 * Where the window of an approval on the item starts: not before the item
 * was requested, nor before the last change of what the subject covers
 * (procedure: sub_kind, detail; closed_day_attendance: sub_kind;
 * class_b_decision: parent_id; classification: failure_class), as
 * work_item_event records them.  A change made by the statement being
 * checked is not among them: an approval decided since the previous change
 * covers the change it authorises, and only that one.
 */
extern TimestampTz wf_approval_window_start(int64 item_id, TimestampTz requested_at,
											const char *subject);

/*
 * Rule 5: the latest closed_day_attendance decision on the item up to hi
 * that covers the day: one naming the day in subject_ref (decided since the
 * item was requested and its sub-kind last changed), or one naming no day
 * decided since the day itself was last changed.  'a', 'r' or 0.
 */
extern char wf_day_agreement(int64 item_id, TimestampTz requested_at, DateADT day, TimestampTz hi);

/* Table 1, class A: does the city claim remedy for the failure from a third party? */
extern bool wf_third_party_remedy(int64 failure_id);

/* Rule 5: closed-day attendance takes place on a closed day (OM221). */
extern void wf_require_closed_day(int64 item_id, TimestampTz scheduled_at);

#endif							/* OMLEDGER_WORKFLOW_INTERNAL_H */
