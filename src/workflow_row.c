/*
 * workflow_row.c
 *	  Row access for the ledger's triggers.
 *
 * The attribute numbers of the columns the triggers read are resolved once
 * per relation and kept in a hash keyed by the relation's OID, like
 * ri_triggers.c keeps its RI_ConstraintInfo: an entry is marked invalid by
 * a relcache invalidation of its relation (ALTER TABLE ... ADD/DROP COLUMN,
 * DROP/CREATE EXTENSION, a relcache reset) and resolved again on next use.
 * Columns are found by name, so a table may gain columns in a later release.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/sysattr.h"
#include "executor/spi.h"
#include "utils/datum.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "omledger.h"
#include "workflow_row.h"

/* ------------------------------------------------- attribute numbers */

typedef struct AttName
{
	const char *name;
	size_t		offset;			/* of its AttrNumber in LedgerAtts */
} AttName;

#define ATT(f) {#f, offsetof(LedgerAtts, f)}

static const AttName att_names[] = {
	ATT(contract_id), ATT(item_id), ATT(recorded_at), ATT(recorded_by), ATT(seeded),
	ATT(kind), ATT(sub_kind), ATT(status), ATT(severity), ATT(title), ATT(detail),
	ATT(release_ref), ATT(parent_id), ATT(performer), ATT(planned_effort),
	ATT(planned_effort_set_at), ATT(requested_at), ATT(requested_by), ATT(scheduled_at),
	ATT(occurred_at), ATT(immediate_response), ATT(response_due_at),
	ATT(response_started_at), ATT(status_changed_at), ATT(status_changed_by),
	ATT(content_changed_at), ATT(created_by), ATT(created_at),
	ATT(needs_additional_contract),
	ATT(failure_class), ATT(third_party_remedy), ATT(menu_item_id), ATT(due_on),
	ATT(spec_check_for_modification), ATT(internal_handover),
	ATT(approval_id), ATT(approver_id), ATT(subject), ATT(subject_ref), ATT(decided_at),
	ATT(evidence_id), ATT(performed_at),
	ATT(deadline_change_id), ATT(notified_at), ATT(new_due_on), ATT(old_due_on),
	ATT(late_notice),
};

typedef struct AttsEntry
{
	OmledgerRelEntry head;		/* hash key, first */
	LedgerAtts	atts;
} AttsEntry;

static HTAB *atts_cache = NULL;

static void
atts_invalidate(Datum arg, Oid relid)
{
	omledger_rel_entries_invalidate(atts_cache, relid);
}

const LedgerAtts *
ledger_atts(Relation rel)
{
	Oid			relid = RelationGetRelid(rel);
	AttsEntry  *e;
	bool		found;

	if (atts_cache == NULL)
	{
		HASHCTL		ctl = {.keysize = sizeof(Oid),.entrysize = sizeof(AttsEntry)};

		atts_cache = hash_create("omledger ledger attribute numbers", 16, &ctl,
								 HASH_ELEM | HASH_BLOBS);
		omledger_relcache_hook(atts_invalidate);
	}
	e = hash_search(atts_cache, &relid, HASH_ENTER, &found);
	if (!found || !e->head.valid)
	{
		TupleDesc	desc = RelationGetDescr(rel);

		memset(&e->atts, 0, sizeof e->atts);
		for (int i = 0; i < (int) lengthof(att_names); i++)
		{
			int			n = SPI_fnumber(desc, att_names[i].name);

			*(AttrNumber *) ((char *) &e->atts + att_names[i].offset) =
				n > 0 ? (AttrNumber) n : InvalidAttrNumber;
		}
		e->head.valid = true;
	}
	return &e->atts;
}

/* ---------------------------------------------------------------- Row */

void
row_init(Row *r, Relation rel, HeapTuple tuple)
{
	r->tuple = tuple;
	r->desc = RelationGetDescr(rel);
	r->atts = ledger_atts(rel);
	r->updatedcols = NULL;
	r->nrepl = 0;
	r->deformed = false;
}

void
row_set_tuple(Row *r, HeapTuple tuple)
{
	r->tuple = tuple;
	r->deformed = false;
}

/* The tuple's own value of column n (replacements aside). */
static Datum
row_raw(Row *r, AttrNumber n, bool *isnull)
{
	if (!r->deformed && r->desc->natts <= ROW_MAX_DEFORMED)
	{
		heap_deform_tuple(r->tuple, r->desc, r->values, r->nulls);
		r->deformed = true;
	}
	if (r->deformed)
	{
		*isnull = r->nulls[n - 1];
		return r->values[n - 1];
	}
	return heap_getattr(r->tuple, n, r->desc, isnull);
}

static void
check_att(Row *r, AttrNumber n)
{
	if (n <= 0 || n > r->desc->natts)
		elog(ERROR, "omledger: a column the trigger needs is missing from the table");
}

Datum
col_get(Row *r, AttrNumber n, bool *isnull)
{
	check_att(r, n);
	/* a replacement made earlier in this trigger wins */
	for (int i = 0; i < r->nrepl; i++)
		if (r->repl_cols[i] == n)
		{
			*isnull = r->repl_nulls[i];
			return r->repl_values[i];
		}
	return row_raw(r, n, isnull);
}

bool
col_null(Row *r, AttrNumber n)
{
	bool		isnull;

	(void) col_get(r, n, &isnull);
	return isnull;
}

int64
col_int8(Row *r, AttrNumber n, bool *isnull)
{
	Datum		d = col_get(r, n, isnull);

	return *isnull ? 0 : DatumGetInt64(d);
}

TimestampTz
col_ts(Row *r, AttrNumber n, bool *isnull)
{
	Datum		d = col_get(r, n, isnull);

	return *isnull ? 0 : DatumGetTimestampTz(d);
}

bool
col_bool(Row *r, AttrNumber n)
{
	bool		isnull;
	Datum		d = col_get(r, n, &isnull);

	return !isnull && DatumGetBool(d);
}

char *
col_text(Row *r, AttrNumber n)
{
	bool		isnull;
	Datum		d = col_get(r, n, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/*
 * A record missing a value its rules read is left for the table's NOT NULL
 * constraint to report.
 */
bool
any_null(Row *r, const AttrNumber *cols, int n)
{
	for (int i = 0; i < n; i++)
		if (col_null(r, cols[i]))
			return true;
	return false;
}

void
col_set(Row *r, AttrNumber n, Datum value, bool isnull)
{
	check_att(r, n);
	for (int i = 0; i < r->nrepl; i++)
		if (r->repl_cols[i] == n)
		{
			r->repl_values[i] = value;
			r->repl_nulls[i] = isnull;
			return;
		}
	if (r->nrepl >= ROW_MAX_REPL)
		elog(ERROR, "omledger: too many column replacements");
	r->repl_cols[r->nrepl] = n;
	r->repl_values[r->nrepl] = value;
	r->repl_nulls[r->nrepl] = isnull;
	r->nrepl++;
}

HeapTuple
row_result(Row *r)
{
	if (r->nrepl == 0)
		return r->tuple;
	return heap_modify_tuple_by_cols(r->tuple, r->desc, r->nrepl,
									 r->repl_cols, r->repl_values, r->repl_nulls);
}

/*
 * The end of a BEFORE trigger that ran SPI: the result tuple, built in the
 * trigger's caller's context before SPI_finish() frees the values the
 * replacements may point to (text, and int8 or timestamptz on a build
 * without USE_FLOAT8_BYVAL, read from an SPI result).
 */
HeapTuple
row_finish(Row *r, MemoryContext caller)
{
	MemoryContext spi = MemoryContextSwitchTo(caller);
	HeapTuple	result = row_result(r);

	MemoryContextSwitchTo(spi);
	SPI_finish();
	return result;
}

/* (A time set to the value it already had is still a time the statement gives.) */
bool
col_supplied(Row *r, AttrNumber n)
{
	check_att(r, n);
	return bms_is_member(n - FirstLowInvalidHeapAttributeNumber, r->updatedcols);
}

bool
col_changed(Row *oldr, Row *newr, AttrNumber n)
{
	Form_pg_attribute att;
	bool		on,
				nn;
	Datum		o,
				v;

	check_att(newr, n);
	att = TupleDescAttr(newr->desc, n - 1);
	o = row_raw(oldr, n, &on);
	v = row_raw(newr, n, &nn);
	if (on || nn)
		return on != nn;
	return !datumIsEqual(o, v, att->attbyval, att->attlen);
}

const char *
col_name(Row *r, AttrNumber n)
{
	check_att(r, n);
	return NameStr(TupleDescAttr(r->desc, n - 1)->attname);
}
