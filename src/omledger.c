/*
 * omledger.c
 *	  Module entry point: PG_MODULE_MAGIC, _PG_init and the GUCs; the
 *	  trigger body shared by the tables whose rows sessions cache.
 *
 * _PG_init only registers settings: it runs in every backend that loads the
 * library, including pg_upgrade's binary-upgrade backends, so it must stay
 * cheap and touch no table.
 */
#include "postgres.h"

#include "commands/trigger.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/inval.h"

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
							 "\"en\" prints 2pm 3pd 4h 30min; \"ja\" prints 2人月3人日4時間30分.",
							 &omledger_effort_style,
							 EFFORT_STYLE_EN,
							 effort_style_options,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);

	DefineCustomEnumVariable("omledger.period_style",
							 "Sets the display format for fiscal_period values.",
							 "\"iso\" prints FY2025-H2; \"wareki\" prints 令和7年度下期.",
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
 */
Datum
relcache_changed_trigger(FunctionCallInfo fcinfo, const char *name)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s: not called by trigger manager", name)));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s: must be fired AFTER ... FOR EACH STATEMENT", name)));
	CacheInvalidateRelcache(trigdata->tg_relation);
	return PointerGetDatum(NULL);
}
