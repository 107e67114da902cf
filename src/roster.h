/*
 * roster.h
 *	  The roster rule, one implementation for the workflow engine and the
 *	  effort caps: only a person registered on the contract's roster
 *	  (情報資産取扱者名簿) on the day acts, or has work counted.
 */
#ifndef OMLEDGER_ROSTER_H
#define OMLEDGER_ROSTER_H

#include "postgres.h"

#include "utils/date.h"

/*
 * Refuse: `who` (e.g. "person 5", "role \"ops\"") is not on the roster of
 * the contract on the date, so may not `what` (a verb phrase: "approve",
 * "have effort counted").  SQLSTATE OM209; a contract that does not exist
 * is a foreign key violation (23503), as the row's constraint would say.
 */
extern void roster_refuse(int64 contract_id, const char *who, DateADT on,
						  const char *what) pg_attribute_noreturn();

#endif							/* OMLEDGER_ROSTER_H */
