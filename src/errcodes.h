/*
 * errcodes.h
 *	  omledger's own SQLSTATEs, class "OM".  Every code here is listed, with
 *	  its meaning and what to do about it, in doc/errors.md; keep the two in
 *	  step (test/lib/errcodes_check.sh checks them, the OMxxx literals of the
 *	  SQL scripts, and that a test raises each code).  Ranges:
 *	    OM0xx  general and configuration
 *	    OM1xx  effort caps and month close
 *	    OM2xx  ledger workflow rules
 *	    OM3xx  calendar and response clock
 *	    OM4xx  security and audit
 *	    OM5xx  reports
 *	    OM6xx  obligations with dates
 *	    OM7xx  incident intake and alerts
 */
#ifndef OMLEDGER_ERRCODES_H
#define OMLEDGER_ERRCODES_H

#include "utils/elog.h"

#define OM_SQLSTATE(a,b,c)	MAKE_SQLSTATE('O','M',a,b,c)

/* OM0xx: general */
#define ERRCODE_OM_CONFIGURATION			OM_SQLSTATE('0','0','1')

/* OM1xx: effort caps (issue: effort logging against contract caps) */
#define ERRCODE_OM_CAP_MONTH				OM_SQLSTATE('1','0','1')
#define ERRCODE_OM_CAP_TERM					OM_SQLSTATE('1','0','2')
#define ERRCODE_OM_MONTH_CLOSED				OM_SQLSTATE('1','0','3')
#define ERRCODE_OM_EFFORT_NOT_ON_ROSTER	OM_SQLSTATE('1','0','4')	/* not raised since 0.4: OM209 */
#define ERRCODE_OM_BAD_CORRECTION			OM_SQLSTATE('1','0','5')
#define ERRCODE_OM_CAP_BELOW_USE			OM_SQLSTATE('1','0','6')
#define ERRCODE_OM_REOPEN_NOT_APPROVED		OM_SQLSTATE('1','0','7')
#define ERRCODE_OM_ITEM_HAS_EFFORT			OM_SQLSTATE('1','0','8')
#define ERRCODE_OM_EXTENSION_NOT_APPROVED	OM_SQLSTATE('1','0','9')
#define ERRCODE_OM_MONTH_STATE				OM_SQLSTATE('1','1','0')
#define ERRCODE_OM_CAPS_REBUILD_OVER_CAP	OM_SQLSTATE('1','1','1')
#define ERRCODE_OM_APPROVAL_ALREADY_USED	OM_SQLSTATE('1','1','2')
#define ERRCODE_OM_MONTH_CLOSE_DIRECT		OM_SQLSTATE('1','1','3')
/* OM13x: the rules of an effort row (0.4) */
#define ERRCODE_OM_CORRECTION_BELOW_ZERO	OM_SQLSTATE('1','3','0')
#define ERRCODE_OM_EFFORT_NOT_CONTRACTOR	OM_SQLSTATE('1','3','1')
#define ERRCODE_OM_EFFORT_ENTERED_BY		OM_SQLSTATE('1','3','2')
#define ERRCODE_OM_EFFORT_DATE				OM_SQLSTATE('1','3','3')
#define ERRCODE_OM_EFFORT_ITEM_WITHDRAWN	OM_SQLSTATE('1','3','4')
#define ERRCODE_OM_EFFORT_DAY_OVER			OM_SQLSTATE('1','3','5')

/* OM2xx: workflow rules (issue: the ledger and its workflow engine) */
#define ERRCODE_OM_TRANSITION_NOT_ALLOWED	OM_SQLSTATE('2','0','0')
#define ERRCODE_OM_PROCEDURE_NOT_APPROVED	OM_SQLSTATE('2','0','1')	/* rule 1 */
#define ERRCODE_OM_PLANNED_EFFORT_NOT_APPROVED OM_SQLSTATE('2','0','2')	/* rule 2 */
#define ERRCODE_OM_RELEASE_NOT_READY		OM_SQLSTATE('2','0','3')	/* rule 3 */
#define ERRCODE_OM_MAJOR_INCIDENT_REPORT_MISSING OM_SQLSTATE('2','0','4')	/* rule 4 */
#define ERRCODE_OM_PRIOR_AGREEMENT_MISSING	OM_SQLSTATE('2','0','5')	/* rule 5 */
#define ERRCODE_OM_FAILURE_CLASS_REFUSES	OM_SQLSTATE('2','0','6')	/* rule 6: C, unclassified */
#define ERRCODE_OM_CLASS_B_DECISION_MISSING	OM_SQLSTATE('2','0','7')	/* rule 6: B */
#define ERRCODE_OM_PREDECESSOR_CONFIRMATION_MISSING OM_SQLSTATE('2','0','8')	/* rule 7 */
#define ERRCODE_OM_NOT_ON_ROSTER			OM_SQLSTATE('2','0','9')	/* rule 8 */
#define ERRCODE_OM_APPROVER_NOT_CITY		OM_SQLSTATE('2','1','0')	/* rule 8 */
#define ERRCODE_OM_OWN_REQUEST				OM_SQLSTATE('2','1','1')	/* rule 8 */
#define ERRCODE_OM_DEADLINE_CHANGE_INVALID	OM_SQLSTATE('2','1','2')	/* rule 9 */
#define ERRCODE_OM_RESPONSE_CLOCK_IMMUTABLE	OM_SQLSTATE('2','1','3')	/* rule 10 */
#define ERRCODE_OM_HISTORY_IMMUTABLE		OM_SQLSTATE('2','1','4')
#define ERRCODE_OM_HANDOVER_REPORT_MISSING	OM_SQLSTATE('2','1','5')
#define ERRCODE_OM_INVALID_EVENT_TIME		OM_SQLSTATE('2','1','6')
#define ERRCODE_OM_SEEDED_ROW_READ_ONLY		OM_SQLSTATE('2','1','7')
/* the rules as invariants of the item (src/workflow_invariants.c) */
#define ERRCODE_OM_FIELD_FROZEN				OM_SQLSTATE('2','1','8')
#define ERRCODE_OM_CLASSIFICATION_NOT_APPROVED OM_SQLSTATE('2','1','9')	/* table 1 */
#define ERRCODE_OM_CITY_DECIDES				OM_SQLSTATE('2','2','0')
#define ERRCODE_OM_NOT_A_CLOSED_DAY			OM_SQLSTATE('2','2','1')	/* rule 5 */
#define ERRCODE_OM_THIRD_PARTY_REMEDY		OM_SQLSTATE('2','2','2')	/* rule 6, class A */

/* OM3xx: calendar and response clock */
#define ERRCODE_OM_UNKNOWN_PARTY			OM_SQLSTATE('3','0','1')

/* OM4xx: security and audit (issue: the security of the ledger) */
#define ERRCODE_OM_AUDIT_APPEND_ONLY		OM_SQLSTATE('4','0','1')
#define ERRCODE_OM_AUDIT_WRITE_REFUSED		OM_SQLSTATE('4','0','2')
/* raised from SQL: create_roles() */
#define ERRCODE_OM_GROUP_ROLE_ATTRIBUTES	OM_SQLSTATE('4','2','0')
/* information security incidents (annex 5, src/workflow_rules.c) */
#define ERRCODE_OM_INCIDENT_CLOSURE_NOT_DECIDED OM_SQLSTATE('4','3','0')
/* raised from SQL: the security reports and reads of personal data (89_*) */
#define ERRCODE_OM_REPORT_NOT_ALLOWED		OM_SQLSTATE('4','4','0')
#define ERRCODE_OM_READ_PURPOSE_MISSING		OM_SQLSTATE('4','4','1')
#define ERRCODE_OM_CONTACT_READ_REFUSED		OM_SQLSTATE('4','4','2')

/* OM6xx: obligations with dates (raised from SQL: 90_, 91_obligations) */
#define ERRCODE_OM_HANDOVER_SIGNOFF		OM_SQLSTATE('6','0','1')
#define ERRCODE_OM_HANDOVER_CONFIRMATION	OM_SQLSTATE('6','0','2')
#define ERRCODE_OM_SUBMISSION_OCCASION		OM_SQLSTATE('6','0','3')
#define ERRCODE_OM_SUBMISSION_ACCEPTANCE	OM_SQLSTATE('6','0','4')

/* OM7xx: incident intake and alerts (raised from SQL: report_incident()) */
#define ERRCODE_OM_INTAKE_BAD_INPUT			OM_SQLSTATE('7','0','1')
#define ERRCODE_OM_INTAKE_UNKNOWN_SYSTEM	OM_SQLSTATE('7','0','2')
#define ERRCODE_OM_INTAKE_NO_CONTRACT		OM_SQLSTATE('7','0','3')
#define ERRCODE_OM_INTAKE_FUTURE			OM_SQLSTATE('7','0','4')
#define ERRCODE_OM_INTAKE_DETAIL_TOO_LARGE	OM_SQLSTATE('7','0','5')

/* OM55x: reports -- weekly inventory, incident statistics (raised from SQL) */
#define ERRCODE_OM_REPORT_NO_CONTRACT		OM_SQLSTATE('5','5','0')
#define ERRCODE_OM_REPORT_EMPTY_RANGE		OM_SQLSTATE('5','5','1')

/* OM5xx: reports (raised from SQL: src/sql/93_render.sql, 95_*) */
#define ERRCODE_OM_REPORT_FORMAT			OM_SQLSTATE('5','0','1')
#define ERRCODE_OM_REPORT_DOCUMENT_INVALID	OM_SQLSTATE('5','0','2')
#define ERRCODE_OM_REPORT_NOT_A_FAILURE		OM_SQLSTATE('5','0','3')

#endif							/* OMLEDGER_ERRCODES_H */
