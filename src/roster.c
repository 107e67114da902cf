/*
 * roster.c
 *	  The roster rule's refusal, shared by the workflow engine and the caps.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "errcodes.h"
#include "omledger.h"
#include "roster.h"

/*
 * Does the contract exist?  The triggers that call roster_refuse run BEFORE
 * the row's foreign keys are checked, so a row naming a contract that does
 * not exist would otherwise be told that its person is not on that
 * contract's roster.  Only on the way to an error: a one-off query.  It runs
 * as the owner of omledger.contract, as the foreign key check would: under
 * row-level security a contract the role may not see still exists, and its
 * refusal is the roster's.
 */
static bool
contract_exists(int64 contract_id)
{
	Oid			argtypes[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(contract_id)};
	Oid			relid = get_relname_relid("contract", get_namespace_oid("omledger", false));
	Oid			save_userid;
	int			save_sec_context;
	bool		found;

	if (!OidIsValid(relid))
		return true;			/* no such table: leave it to the caller's error */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(omledger_rel_owner(relid), save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "omledger: SPI_connect failed");
	if (SPI_execute_with_args("SELECT 1 FROM omledger.contract c"
							  " WHERE c.contract_id OPERATOR(pg_catalog.=) $1",
							  1, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "omledger: contract lookup failed");
	found = SPI_processed > 0;
	SPI_finish();
	SetUserIdAndSecContext(save_userid, save_sec_context);
	return found;
}

void
roster_refuse(int64 contract_id, const char *who, DateADT on, const char *what)
{
	if (!contract_exists(contract_id))
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("contract %lld does not exist", (long long) contract_id),
				 errdetail("Key (contract_id)=(%lld) is not present in table \"contract\".",
						   (long long) contract_id),
				 errhint("Name an existing contract (omledger.contract).")));
	ereport(ERROR,
			(errcode(ERRCODE_OM_NOT_ON_ROSTER),
			 errmsg("%s is not on the roster of contract %lld on %s", who,
					(long long) contract_id,
					DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(on)))),
			 errdetail("Only a person registered on the roster on that date may %s.", what),
			 errhint("Register the person in omledger.person (after the city's approval) and map the database role through db_role.")));
}
