/*
 * roster.c
 *	  The roster rule's refusal, shared by the workflow engine and the caps.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "errcodes.h"
#include "roster.h"

void
roster_refuse(int64 contract_id, const char *who, DateADT on, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_NOT_ON_ROSTER),
			 errmsg("%s is not on the roster of contract %lld on %s", who,
					(long long) contract_id,
					DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(on)))),
			 errdetail("Only a person registered on the roster on that date may %s.", what),
			 errhint("Register the person in omledger.person (after the city's approval) and map the database role through db_role.")));
}
