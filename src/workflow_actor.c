/*
 * workflow_actor.c
 *	  Who acts (rule 8): the roster entry of the contract mapped to
 *	  current_user and registered on the day of the act.  The refusal is the
 *	  roster rule's one (roster_refuse(), src/roster.c), shared with the caps.
 *
 * Every status change asks who acts, and the roster changes rarely: each
 * session keeps the answers (the entry, or that there is none) by contract,
 * day and role name, as workflow_def.c keeps the state machines and under
 * the same conditions: READ COMMITTED, the table's invalidation trigger in
 * place and enabled always (person_actor_changed, workflow_cache_changed()),
 * and a current user who may read the table.  Any change to omledger.person
 * empties it.  An answer is kept only if no invalidation arrived while it
 * was being read.
 *
 * The roster is read as the owner of the ledger's tables, as every rule's
 * read is (workflow_plans.c): whether a role is on a contract's roster on a
 * day is a fact of the ledger, the same whoever asks and whatever the
 * policies on person let the role see (86_row_security.sql).  So an answer
 * may be kept by (contract, day, role name) and used by anyone.
 */
#include "postgres.h"

#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "errcodes.h"
#include "japan_time.h"
#include "omledger.h"
#include "roster.h"
#include "workflow_internal.h"

/* ------------------------------------------------------ the answers */

typedef struct ActorKey
{
	int64		contract_id;
	DateADT		on;
	NameData	role;			/* current_user, by name as db_role is */
} ActorKey;

typedef struct ActorEntry
{
	ActorKey	key;
	bool		found;
	int64		person_id;
	char		side[32];
} ActorEntry;

/* A session acting for a whole city stays far below this; it bounds memory. */
#define ACTOR_MAX_ENTRIES 4096

static HTAB *actors = NULL;
static Oid	person_relid = InvalidOid;	/* InvalidOid: not (yet) looked up */
static bool person_cacheable = false;
static bool actors_stale = false;
static uint64 actors_generation = 0;	/* bumped by every invalidation */

/* (Only flags: it may run whenever invalidations are accepted.) */
static void
actors_relcache_cb(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == person_relid || !OidIsValid(person_relid))
	{
		actors_generation++;
		actors_stale = true;
		person_relid = InvalidOid;	/* look the table and its trigger up again */
	}
}

/*
 * The answers may be kept and used now?  (Looks the table up after an
 * invalidation; accepts pending invalidations first.)
 */
static bool
actors_usable(void)
{
	static bool callback_registered = false;

	if (!wf_cache_ready(actors_relcache_cb, &callback_registered))
		return false;
	if (actors_stale && actors != NULL)
	{
		hash_destroy(actors);
		actors = NULL;
	}
	actors_stale = false;
	if (!OidIsValid(person_relid))
	{
		Oid			nsp = get_namespace_oid("omledger", true);
		Oid			relid = OidIsValid(nsp) ? get_relname_relid("person", nsp) : InvalidOid;

		if (!OidIsValid(relid))
			return false;
		person_relid = relid;	/* from here on, the callback knows it */
		person_cacheable = has_invalidation_trigger(relid, nsp, "person_actor_changed",
													"workflow_cache_changed", true);
	}
	return person_cacheable && OidIsValid(person_relid);
}

/*
 * The roster entry of the contract mapped to role (NULL: current_user), on
 * the date.
 */
static bool
actor_lookup(int64 contract_id, DateADT on, const char *role, int64 *person_id, char *side)
{
	Datum		v[3] = {Int64GetDatum(contract_id), DateADTGetDatum(on), (Datum) 0};
	bool		use_cache = actors_usable();
	ActorKey	key;
	ActorEntry *e;
	uint64		generation;
	bool		isnull,
				found;

	/* the key first: a catalog lookup may accept invalidations */
	memset(&key, 0, sizeof key);
	key.contract_id = contract_id;
	key.on = on;
	namestrcpy(&key.role, role ? role : GetUserNameFromId(GetUserId(), false));
	v[2] = NameGetDatum(&key.role);
	generation = actors_generation;
	if (use_cache && actors != NULL && !actors_stale)
	{
		e = hash_search(actors, &key, HASH_FIND, NULL);
		if (e != NULL)
		{
			*person_id = e->person_id;
			strlcpy(side, e->side, 32);
			return e->found;
		}
	}
	found = plan_run(P_ROLE_PERSON, v, NULL, 1) == 1;
	if (found)
	{
		*person_id = DatumGetInt64(spi_value(0, 1, &isnull));
		strlcpy(side, spi_text(0, 2), 32);
	}
	/* keep it, unless the roster may have changed since we looked */
	if (use_cache && generation == actors_generation)
	{
		if (actors == NULL || hash_get_num_entries(actors) >= ACTOR_MAX_ENTRIES)
		{
			HASHCTL		ctl = {.keysize = sizeof(ActorKey),.entrysize = sizeof(ActorEntry)};

			if (actors != NULL)
				hash_destroy(actors);
			actors = hash_create("omledger workflow actors", 64, &ctl, HASH_ELEM | HASH_BLOBS);
		}
		e = hash_search(actors, &key, HASH_ENTER, NULL);
		e->found = found;
		e->person_id = found ? *person_id : 0;
		strlcpy(e->side, found ? side : "", sizeof e->side);
	}
	return found;
}

bool
roster_person_of_role(int64 contract_id, DateADT on, const char *role, int64 *person_id)
{
	char		side[32];

	return actor_lookup(contract_id, on, role, person_id, side);
}

/* The side of current_user's roster entry on the date, or NULL for none. */
char *
actor_side(int64 contract_id, DateADT on)
{
	int64		person_id;
	char		side[32];

	return actor_lookup(contract_id, on, NULL, &person_id, side) ? pstrdup(side) : NULL;
}

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

	if (actor_lookup(contract_id, on, NULL, &a.person_id, a.side))
	{
		a.known = true;
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

/* ------------------------------------------------ SQL-callable */

/* The role the session acts as: SET ROLE's, else the login role. */
static Oid
acting_role(void)
{
	Oid			role = GetCurrentRoleId();

	return OidIsValid(role) ? role : GetSessionUserId();
}

/*
 * session_role(): the role the session acts as, also inside a SECURITY
 * DEFINER function (where current_user is the function's owner).
 */
PG_FUNCTION_INFO_V1(session_role);
Datum
session_role(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(DirectFunctionCall1(namein,
										CStringGetDatum(GetUserNameFromId(acting_role(), false))));
}

/*
 * acting_person(contract, role): the roster entry of the contract mapped to
 * the role and registered today in Japan, or NULL -- the session's kept
 * answers of "who acts", read as the ledger's owner.
 */
PG_FUNCTION_INFO_V1(acting_person);
Datum
acting_person(PG_FUNCTION_ARGS)
{
	int64		contract_id = PG_GETARG_INT64(0);
	Name		role = PG_GETARG_NAME(1);
	int64		person_id = 0;
	bool		found;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "omledger: SPI_connect failed");
	found = roster_person_of_role(contract_id, japan_today(), NameStr(*role), &person_id);
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_INT64(person_id);
}

/*
 * require_on_roster(contract): rule 8 for a write that changes an item
 * without going through the item's trigger (the systems of an item entered
 * in this transaction): the acting person, NULL for an administrator on no
 * roster; refused (OM209) otherwise, as the item's own UPDATE would be.
 * current_user acts, as in the item's trigger.
 */
PG_FUNCTION_INFO_V1(require_on_roster);
Datum
require_on_roster(PG_FUNCTION_ARGS)
{
	int64		contract_id = PG_GETARG_INT64(0);
	Actor		a;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "omledger: SPI_connect failed");
	a = resolve_actor(contract_id, japan_date(GetCurrentTransactionStartTimestamp()), true, 0, "work");
	SPI_finish();
	if (!a.known)
		PG_RETURN_NULL();
	PG_RETURN_INT64(a.person_id);
}
