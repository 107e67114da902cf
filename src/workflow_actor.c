/*
 * workflow_actor.c
 *	  Who acts (rule 8): the roster entry of the contract mapped to
 *	  current_user and registered on the day of the act.  The refusal is the
 *	  roster rule's one (roster_refuse(), src/roster.c), shared with the caps.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/builtins.h"

#include "errcodes.h"
#include "roster.h"
#include "workflow_internal.h"

/*
 * The side of a named person registered on the date (into side[32] when
 * side is not NULL); refused otherwise.
 */
void
check_registered(int64 contract_id, int64 person_id, DateADT on, const char *what, char *side)
{
	Datum		v[2] = {Int64GetDatum(person_id), DateADTGetDatum(on)};
	bool		isnull;

	if (plan_run(P_PERSON, v, NULL, 1) == 1 &&
		DatumGetBool(spi_value(0, 2, &isnull)) && !isnull)
	{
		if (side)
			strlcpy(side, spi_text(0, 1), 32);
		return;
	}
	roster_refuse(contract_id, psprintf("person %lld", (long long) person_id), on, what);
}

/*
 * The acting person: the roster entry of the contract mapped to current_user
 * and registered on the date.  `named` is the person the statement names for
 * the act (approver, recorder, ...): it must be that entry.  A superuser who
 * is on no roster acts as an administrator entering records: the named
 * person, if any, must be registered on the date and is taken as the actor.
 */
Actor
resolve_actor(int64 contract_id, DateADT on, bool named_null, int64 named, const char *what)
{
	Actor		a = {0};
	Datum		v[2] = {Int64GetDatum(contract_id), DateADTGetDatum(on)};

	if (plan_run(P_ACTOR, v, NULL, 1) == 1)
	{
		bool		isnull;

		a.known = true;
		a.person_id = DatumGetInt64(spi_value(0, 1, &isnull));
		strlcpy(a.side, spi_text(0, 2), sizeof a.side);
		if (!named_null && named != a.person_id)
			ereport(ERROR,
					(errcode(ERRCODE_OM_NOT_ON_ROSTER),
					 errmsg("role \"%s\" acts as person %lld, not as person %lld",
							GetUserNameFromId(GetUserId(), false),
							(long long) a.person_id, (long long) named),
					 errdetail("The person who may %s is the roster entry mapped to current_user.", what),
					 errhint("Leave the person column empty (it is filled in), or connect as the person named.")));
		return a;
	}
	if (!superuser())
		roster_refuse(contract_id,
					  psprintf("role \"%s\"", GetUserNameFromId(GetUserId(), false)), on, what);
	if (!named_null)
	{
		check_registered(contract_id, named, on, what, a.side);
		a.known = true;
		a.person_id = named;
	}
	return a;
}
