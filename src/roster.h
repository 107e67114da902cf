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

/*
 * The roster entry of the contract whose db_role is role, registered on the
 * day (the lowest person_id if several): false if none.  The workflow
 * engine's "who acts" with a role named (src/workflow_actor.c), and its
 * session's answers where they may serve: the audit trail's person of a
 * row.  The caller is connected to SPI and reads the roster as the
 * extension's owner.
 */
extern bool roster_person_of_role(int64 contract_id, DateADT on, const char *role,
								  int64 *person_id);

#endif							/* OMLEDGER_ROSTER_H */
