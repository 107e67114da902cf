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

#endif							/* OMLEDGER_H */
