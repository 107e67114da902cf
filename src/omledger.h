/*
 * omledger.h
 *	  Declarations shared by the fmgr glue files (never by src/core/).
 */
#ifndef OMLEDGER_H
#define OMLEDGER_H

#include "postgres.h"

/* GUC: omledger.effort_style */
typedef enum EffortStyle
{
	EFFORT_STYLE_EN,
	EFFORT_STYLE_JA
} EffortStyle;
extern int	omledger_effort_style;

/* GUC: omledger.period_style */
typedef enum PeriodStyle
{
	PERIOD_STYLE_ISO,
	PERIOD_STYLE_WAREKI
} PeriodStyle;
extern int	omledger_period_style;

/*
 * omledger.effort: a signed 64-bit count of minutes, passed by value (its
 * on-disk format, forever).  Glue code handles it through these macros;
 * the unit constants and the parser are in src/core/effort.h.
 */
#define DatumGetEffort(d)		DatumGetInt64(d)
#define EffortGetDatum(e)		Int64GetDatum(e)
#define PG_GETARG_EFFORT(n)		DatumGetEffort(PG_GETARG_DATUM(n))
#define PG_RETURN_EFFORT(e)		return EffortGetDatum(e)

#endif							/* OMLEDGER_H */
