/*
 * omledger.c
 *	  Module entry point: PG_MODULE_MAGIC, _PG_init and the GUCs; the
 *	  trigger body shared by the tables whose rows sessions cache, and the
 *	  test that such a trigger is in place.
 *
 * _PG_init only registers settings: it runs in every backend that loads the
 * library, including pg_upgrade's binary-upgrade backends, so it must stay
 * cheap and touch no table.
 */
#include "postgres.h"

#include "access/table.h"
#include "catalog/pg_class.h"
#include "catalog/pg_trigger.h"
#include "commands/trigger.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "omledger.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

int			omledger_effort_style = EFFORT_STYLE_EN;
int			omledger_period_style = PERIOD_STYLE_ISO;
int			omledger_daily_effort_notice = 8 * 60;

static const struct config_enum_entry effort_style_options[] = {
	{"en", EFFORT_STYLE_EN, false},
	{"ja", EFFORT_STYLE_JA, false},
	{NULL, 0, false}
};

static const struct config_enum_entry period_style_options[] = {
	{"iso", PERIOD_STYLE_ISO, false},
	{"wareki", PERIOD_STYLE_WAREKI, false},
	{NULL, 0, false}
};

void
_PG_init(void)
{
	if (IsBinaryUpgrade)
		return;

	DefineCustomEnumVariable("omledger.effort_style",
							 "Sets the display format for effort values.",
							 "\"en\" prints 2pm 3pd 4h 30min; \"ja\" prints the same with the Japanese unit names.",
							 &omledger_effort_style,
							 EFFORT_STYLE_EN,
							 effort_style_options,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);

	DefineCustomEnumVariable("omledger.period_style",
							 "Sets the display format for fiscal_period values.",
							 "\"iso\" prints FY2025-H2; \"wareki\" prints the same period with its Japanese era name.",
							 &omledger_period_style,
							 PERIOD_STYLE_ISO,
							 period_style_options,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);

	DefineCustomIntVariable("omledger.daily_effort_notice",
							"Effort of one person on one day above which logging effort gives a NOTICE.",
							"Over all items, corrections included; 0 turns the notice off. More than 24h a day is refused whatever this says.",
							&omledger_daily_effort_notice,
							8 * 60, 0, 24 * 60,
							PGC_USERSET,
							GUC_UNIT_MIN,
							NULL, NULL, NULL);

	MarkGUCPrefixReserved("omledger");

	calendar_init();
}

/*
 * AFTER ... FOR EACH STATEMENT on a table some sessions keep a copy of:
 * tell every backend (this one at the end of the command) that its copy is
 * stale, through a relcache invalidation of the table that their relcache
 * callbacks watch.  "name" is the SQL function, for messages.
 *
 * Also AFTER ... FOR EACH ROW with a WHEN clause, for a column whose
 * changes matter to the copies only between some values (a work item's
 * status: see 70_caps_rules.sql): every invalidation makes every session
 * rebuild the table's relcache entry and re-plan what reads the table, so
 * it is sent only when it matters.  Rows that fire in one transaction send
 * one message (inval.c keeps one per relation).
 */
Datum
relcache_changed_trigger(FunctionCallInfo fcinfo, const char *name)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s: not called by trigger manager", name)));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s: must be fired AFTER", name)));
	CacheInvalidateRelcache(trigdata->tg_relation);
	/* an AFTER row trigger's result is ignored; NULL for both kinds */
	return PointerGetDatum(NULL);
}

/*
 * Does the table carry the trigger `name`, calling our function `fn` (in
 * schema nsp) that invalidates the sessions' copies of it, firing always,
 * after every update and delete (and insert, if on_insert), once per
 * statement?  (Not in a database still on an older version of the
 * extension's SQL, nor when someone disabled it: then a session must read
 * the table every time.)  And is every other trigger of the table calling
 * `fn` (the row triggers for some columns) firing always too?  Disabling
 * any of them also makes the sessions read the table.
 */
bool
has_invalidation_trigger(Oid relid, Oid nsp, const char *name, const char *fn, bool on_insert)
{
	Relation	rel = table_open(relid, AccessShareLock);
	TriggerDesc *td = rel->trigdesc;
	bool		found = false;
	bool		all_always = true;

	for (int i = 0; td != NULL && i < td->numtriggers; i++)
	{
		const Trigger *t = &td->triggers[i];
		char	   *f = get_func_name(t->tgfoid);
		bool		ours = get_func_namespace(t->tgfoid) == nsp &&
			f != NULL && strcmp(f, fn) == 0;

		if (ours && t->tgenabled != TRIGGER_FIRES_ALWAYS)
			all_always = false;
		found = found ||
			(ours && strcmp(t->tgname, name) == 0 &&
			 TRIGGER_FOR_AFTER(t->tgtype) && !TRIGGER_FOR_ROW(t->tgtype) &&
			 (TRIGGER_FOR_INSERT(t->tgtype) || !on_insert) &&
			 TRIGGER_FOR_UPDATE(t->tgtype) && TRIGGER_FOR_DELETE(t->tgtype));
	}
	table_close(rel, AccessShareLock);
	return found && all_always;
}

/*
 * PostgreSQL keeps at most ten relcache callbacks per backend (its own plan
 * cache holds one), so the extension's newer caches share one: each
 * registers its function here once.
 */
#define OMLEDGER_MAX_RELCACHE_HOOKS 8
static RelcacheCallbackFunction relcache_hooks[OMLEDGER_MAX_RELCACHE_HOOKS];
static int	n_relcache_hooks = 0;

static void
relcache_hooks_call(Datum arg, Oid relid)
{
	for (int i = 0; i < n_relcache_hooks; i++)
		relcache_hooks[i] ((Datum) 0, relid);
}

void
omledger_relcache_hook(RelcacheCallbackFunction fn)
{
	for (int i = 0; i < n_relcache_hooks; i++)
		if (relcache_hooks[i] == fn)
			return;
	if (n_relcache_hooks == 0)
		CacheRegisterRelcacheCallback(relcache_hooks_call, (Datum) 0);
	if (n_relcache_hooks >= OMLEDGER_MAX_RELCACHE_HOOKS)
		elog(ERROR, "omledger: out of relcache hook slots");
	relcache_hooks[n_relcache_hooks++] = fn;
}

void
omledger_rel_entries_invalidate(HTAB *cache, Oid relid)
{
	HASH_SEQ_STATUS status;
	OmledgerRelEntry *e;

	if (cache == NULL)
		return;
	hash_seq_init(&status, cache);
	while ((e = hash_seq_search(&status)) != NULL)
		if (!OidIsValid(relid) || e->relid == relid)
			e->valid = false;
}

SPIPlanPtr
omledger_keep_plan(const char *what, const char *sql, int nargs, const Oid *argtypes,
				   int cursor_options)
{
	SPIPlanPtr	p = SPI_prepare_cursor(sql, nargs, (Oid *) argtypes, cursor_options);

	if (p == NULL)
		elog(ERROR, "omledger %s: SPI_prepare failed: %s", what,
			 SPI_result_code_string(SPI_result));
	if (SPI_keepplan(p) != 0)
		elog(ERROR, "omledger %s: SPI_keepplan failed", what);
	return p;
}

Oid
omledger_rel_owner(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}
