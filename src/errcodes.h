/*
 * errcodes.h
 *	  omledger's own SQLSTATEs, class "OM".  Every code here is listed, with
 *	  its meaning and what to do about it, in doc/errors.md; keep the two in
 *	  step.  Ranges:
 *	    OM0xx  general and configuration
 *	    OM1xx  effort caps and month close
 *	    OM2xx  ledger workflow rules
 *	    OM3xx  calendar and response clock
 */
#ifndef OMLEDGER_ERRCODES_H
#define OMLEDGER_ERRCODES_H

#include "utils/elog.h"

#define OM_SQLSTATE(a,b,c)	MAKE_SQLSTATE('O','M',a,b,c)

/* OM0xx: general */
#define ERRCODE_OM_CONFIGURATION			OM_SQLSTATE('0','0','1')

/* OM1xx: effort caps (issue: effort logging against contract caps) */

/* OM2xx: workflow rules (issue: the ledger and its workflow engine) */

/* OM3xx: calendar and response clock */
#define ERRCODE_OM_UNKNOWN_PARTY			OM_SQLSTATE('3','0','1')

#endif							/* OMLEDGER_ERRCODES_H */
