/*
 * caps_trigger.h
 *	  Shared by the two halves of the effort_log cap trigger: caps.c (the
 *	  trigger, its SPI path for any statement, the slow path under cap_guard)
 *	  and caps_direct.c (a one-row insert checked and counted with direct
 *	  index and heap access, no executor).
 */
#ifndef OMLEDGER_CAPS_TRIGGER_H
#define OMLEDGER_CAPS_TRIGGER_H

#include "postgres.h"

#include "commands/trigger.h"
#include "utils/date.h"

/* One (contract, month, category) group of a statement's rows. */
typedef struct CapsGroup
{
	int64		contract_id;
	DateADT		month;			/* first day of the fiscal month */
	bool		counted;		/* false: internal handover, not counted */
	bool		closed;			/* the month is closed */
	char		category[32];
	int64		delta;			/* minutes: new rows minus old rows */
} CapsGroup;

/* The one row a one-row INSERT put in the transition table. */
typedef struct CapsNewRow
{
	int64		entry_id;
	int64		item_id;
	int64		person_id;
	DateADT		work_date;
	int64		effort;			/* minutes */
	bool		has_corrects;
	int64		corrects;
} CapsNewRow;

typedef enum CapsDirectResult
{
	CAPS_DIRECT_UNSUPPORTED,	/* nothing done: use the SPI path */
	CAPS_DIRECT_DONE,			/* checked, and counted where it counts */
	CAPS_DIRECT_NEED_GRANT		/* checked; the group needs the slow path */
} CapsDirectResult;

/* caps.c */
extern void caps_read_new_row(TriggerData *td, CapsNewRow *row);
extern void caps_refuse_closed(const CapsGroup *g) pg_attribute_noreturn();
extern void caps_refuse_off_roster(int64 contract_id, const char *person,
								   const char *day) pg_attribute_noreturn();
extern void caps_refuse_total_overflow(const CapsGroup *g) pg_attribute_noreturn();

/* caps_direct.c */
extern CapsDirectResult caps_direct_insert(TriggerData *td, const CapsNewRow *row,
										   CapsGroup *g);

#endif							/* OMLEDGER_CAPS_TRIGGER_H */
