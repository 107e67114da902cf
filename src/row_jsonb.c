/*
 * row_jsonb.c
 *	  The jsonb of a table's row, as to_jsonb(row) gives it, for the audit
 *	  trail's old_row and new_row.
 *
 * to_jsonb() of a record looks every column's type up again for every row
 * (its category, its output function, and for a type of the database a
 * cast to json) and calls the output function through a fresh lookup: for
 * the work item's forty columns that was most of the cost of an audit row
 * (BENCHMARKS.md "audit").  Here those lookups are made once per table and
 * kept until a relcache invalidation of the table (ALTER TABLE, DROP, a
 * reset), through the shared hook of omledger.c.
 *
 * The value is built as PostgreSQL 15's datum_to_jsonb() builds it, for the
 * categories the ledger's columns have: null; boolean; a number (integers
 * exactly as int64_to_numeric() gives them, other numeric types through
 * their output and numeric_in, "NaN" and the infinities as strings); date,
 * timestamp and timestamptz as JsonEncodeDateTime() writes them; jsonb
 * copied in; anything else as its output text.  A table with a column of
 * another category (an array, a composite, json, or a type with a cast to
 * json) gets to_jsonb() itself.  sql/audit_row_jsonb.sql compares the two
 * on every audited table.
 *
 * The same pass writes the value's text as JsonbToCString() writes it
 * (the canonical text the audit hash is taken over, doc/security.md): keys
 * in jsonb's order, ", " and ": " between them, strings escaped by
 * escape_json(), numbers by numeric_out.  The writer hashes that text
 * instead of printing the jsonb it just built; verify_audit_chain()
 * prints the stored jsonb, so a text that differed would be found by
 * every test that verifies the chain.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "nodes/makefuncs.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/typcache.h"

#include "omledger.h"
#include "row_jsonb.h"

typedef enum ColKind
{
	COL_DROPPED,
	COL_BOOL,
	COL_INT,					/* int2, int4, int8 (or a domain over one) */
	COL_NUMBER,					/* float4, float8, numeric: through the text */
	COL_DATE,
	COL_TIMESTAMP,
	COL_TIMESTAMPTZ,
	COL_JSONB,
	COL_TEXT,					/* text, varchar, bpchar: the bytes as they are */
	COL_OTHER					/* its output function's text */
} ColKind;

typedef struct ColInfo
{
	ColKind		kind;
	Oid			base;			/* the type, domains looked through */
	FmgrInfo	out;			/* COL_NUMBER, COL_OTHER */
} ColInfo;

typedef struct RowShape
{
	OmledgerRelEntry head;		/* hash key, first */
	bool		generic;		/* a column this file does not build: to_jsonb() */
	int			natts;
	ColInfo    *cols;			/* in shape_cxt */
	int			nkeys;			/* the columns not dropped */
	int		   *order;			/* their indexes in jsonb's key order */
} RowShape;

static HTAB *shapes = NULL;
static MemoryContext shape_cxt = NULL;

/* this session's images, for audit_row_image_stats() */
static uint64 images_built = 0;
static uint64 images_generic = 0;

static void
shapes_invalidate(Datum arg, Oid relid)
{
	omledger_rel_entries_invalidate(shapes, relid);
}

/*
 * jsonb's order of an object's keys: shorter first, then by bytes.  The
 * columns are pushed in it, so that the sort of the keys when the object
 * is finished finds them sorted (its first pass), instead of sorting forty
 * keys for every row.
 */
static TupleDesc sort_desc;

static int
key_order_cmp(const void *a, const void *b)
{
	const char *x = NameStr(TupleDescAttr(sort_desc, *(const int *) a)->attname);
	const char *y = NameStr(TupleDescAttr(sort_desc, *(const int *) b)->attname);
	size_t		lx = strlen(x),
				ly = strlen(y);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return memcmp(x, y, lx);
}

/* What datum_to_jsonb() would do with a column of the type; false: not here. */
static bool
col_kind(Oid typid, ColInfo *c)
{
	Oid			outfunc;
	bool		varlena;

	c->base = getBaseType(typid);
	switch (c->base)
	{
		case BOOLOID:
			c->kind = COL_BOOL;
			return true;
		case INT2OID:
		case INT4OID:
		case INT8OID:
			c->kind = COL_INT;
			return true;
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
			c->kind = COL_NUMBER;
			break;
		case DATEOID:
			c->kind = COL_DATE;
			return true;
		case TIMESTAMPOID:
			c->kind = COL_TIMESTAMP;
			return true;
		case TIMESTAMPTZOID:
			c->kind = COL_TIMESTAMPTZ;
			return true;
		case JSONBOID:
			c->kind = COL_JSONB;
			return true;
		case JSONOID:
			return false;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
			c->kind = COL_TEXT;
			return true;
		default:
			if (OidIsValid(get_element_type(c->base)) || type_is_rowtype(c->base))
				return false;
			if (c->base >= FirstNormalObjectId)
			{
				Oid			castfunc;

				if (find_coercion_pathway(JSONOID, c->base, COERCION_EXPLICIT, &castfunc) ==
					COERCION_PATH_FUNC && OidIsValid(castfunc))
					return false;
			}
			c->kind = COL_OTHER;
			break;
	}
	getTypeOutputInfo(c->base, &outfunc, &varlena);
	fmgr_info_cxt(outfunc, &c->out, shape_cxt);
	return true;
}

static RowShape *
row_shape(Relation rel)
{
	Oid			relid = RelationGetRelid(rel);
	TupleDesc	desc = RelationGetDescr(rel);
	RowShape   *s;
	bool		found;

	if (shapes == NULL)
	{
		HASHCTL		ctl = {.keysize = sizeof(Oid),.entrysize = sizeof(RowShape)};

		shape_cxt = AllocSetContextCreate(TopMemoryContext, "omledger row jsonb shapes",
										  ALLOCSET_SMALL_SIZES);
		shapes = hash_create("omledger row jsonb shapes", 32, &ctl, HASH_ELEM | HASH_BLOBS);
		omledger_relcache_hook(shapes_invalidate);
	}
	s = hash_search(shapes, &relid, HASH_ENTER, &found);
	if (found && s->head.valid && s->natts == desc->natts)
		return s;
	if (found && s->cols != NULL)
	{
		pfree(s->cols);
		pfree(s->order);
	}
	s->cols = MemoryContextAllocZero(shape_cxt, sizeof(ColInfo) * Max(desc->natts, 1));
	s->order = MemoryContextAlloc(shape_cxt, sizeof(int) * Max(desc->natts, 1));
	s->nkeys = 0;
	s->natts = desc->natts;
	s->generic = false;
	s->head.valid = true;			/* an invalidation during the lookups clears it */
	for (int i = 0; i < desc->natts && !s->generic; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (att->attisdropped)
			s->cols[i].kind = COL_DROPPED;
		else if (!col_kind(att->atttypid, &s->cols[i]))
			s->generic = true;
		else
			s->order[s->nkeys++] = i;
	}
	sort_desc = desc;
	qsort(s->order, s->nkeys, sizeof(int), key_order_cmp);
	return s;
}

/* to_jsonb() itself, for a table this file does not build. */
static Datum
generic_row_jsonb(HeapTuple tup, TupleDesc desc)
{
	static FmgrInfo flinfo;
	static bool ready = false;

	if (!ready)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		/* to_jsonb(anyelement) learns its argument's type from the call */
		fmgr_info(F_TO_JSONB, &flinfo);
		flinfo.fn_expr = (Node *) makeFuncExpr(F_TO_JSONB, JSONBOID,
											   list_make1(makeNullConst(RECORDOID, -1, InvalidOid)),
											   InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
		MemoryContextSwitchTo(old);
		ready = true;
	}
	return FunctionCall1(&flinfo, heap_copy_tuple_as_datum(tup, desc));
}

static void
set_string(JsonbValue *v, char *s, int len)
{
	v->type = jbvString;
	v->val.string.val = s;
	v->val.string.len = len;
}

/* A string's text, as JsonbToCString() escapes it. */
static void
text_string(StringInfo out, const char *s)
{
	if (out)
		escape_json(out, s);
}

/* A jsonb column's value, pushed as its tokens (as datum_to_jsonb does). */
static void
push_jsonb(JsonbParseState **state, Jsonb *j)
{
	JsonbIterator *it = JsonbIteratorInit(&j->root);
	JsonbIteratorToken tok;
	JsonbValue	v;

	if (JB_ROOT_IS_SCALAR(j))
	{
		(void) JsonbIteratorNext(&it, &v, true);	/* the raw scalar's array */
		(void) JsonbIteratorNext(&it, &v, true);
		(void) pushJsonbValue(state, WJB_VALUE, &v);
		return;
	}
	while ((tok = JsonbIteratorNext(&it, &v, false)) != WJB_DONE)
		(void) pushJsonbValue(state, tok,
							  (tok == WJB_BEGIN_ARRAY || tok == WJB_END_ARRAY ||
							   tok == WJB_BEGIN_OBJECT || tok == WJB_END_OBJECT) ? NULL : &v);
}

/*
 * The value of one column, not null, as to_jsonb() pushes it; its text
 * appended to out (if not NULL) as JsonbToCString() prints it.
 */
static void
push_value(JsonbParseState **state, const ColInfo *c, Datum d, StringInfo out)
{
	JsonbValue	v;
	char	   *s;

	switch (c->kind)
	{
		case COL_BOOL:
			v.type = jbvBool;
			v.val.boolean = DatumGetBool(d);
			if (out)
				appendStringInfoString(out, v.val.boolean ? "true" : "false");
			break;
		case COL_INT:
			{
				int64		n = c->base == INT8OID ? DatumGetInt64(d) :
					c->base == INT4OID ? DatumGetInt32(d) : DatumGetInt16(d);

				v.type = jbvNumeric;
				v.val.numeric = int64_to_numeric(n);
				if (out)
					appendStringInfo(out, INT64_FORMAT, n);
				break;
			}
		case COL_NUMBER:
			s = OutputFunctionCall((FmgrInfo *) &c->out, d);
			if (strpbrk(s, "Nn") != NULL)	/* NaN, Infinity: no JSON number */
			{
				set_string(&v, s, strlen(s));
				text_string(out, s);
			}
			else
			{
				v.type = jbvNumeric;
				v.val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(s),
																	ObjectIdGetDatum(InvalidOid),
																	Int32GetDatum(-1)));
				if (out)
					appendStringInfoString(out, DatumGetCString(DirectFunctionCall1(numeric_out,
																					NumericGetDatum(v.val.numeric))));
			}
			break;
		case COL_DATE:
		case COL_TIMESTAMP:
		case COL_TIMESTAMPTZ:
			s = JsonEncodeDateTime(NULL, d, c->kind == COL_DATE ? DATEOID :
								   c->kind == COL_TIMESTAMP ? TIMESTAMPOID : TIMESTAMPTZOID,
								   NULL);
			set_string(&v, s, strlen(s));
			text_string(out, s);
			break;
		case COL_JSONB:
			{
				Jsonb	   *j = DatumGetJsonbP(d);

				push_jsonb(state, j);
				if (out)
					(void) JsonbToCString(out, &j->root, VARSIZE(j));
				return;
			}
		case COL_TEXT:
			{
				text	   *t = DatumGetTextPP(d);

				set_string(&v, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
				if (out)
					text_string(out, pnstrdup(v.val.string.val, v.val.string.len));
				break;
			}
		default:
			s = OutputFunctionCall((FmgrInfo *) &c->out, d);
			set_string(&v, s, strlen(s));
			text_string(out, s);
			break;
	}
	(void) pushJsonbValue(state, WJB_VALUE, &v);
}

Datum
row_to_jsonb(Relation rel, HeapTuple tup, char **canonical)
{
	TupleDesc	desc = RelationGetDescr(rel);
	RowShape   *shape = row_shape(rel);
	Datum	   *values;
	bool	   *nulls;
	JsonbParseState *state = NULL;
	JsonbValue *res;
	StringInfoData out;

	if (canonical)
		*canonical = NULL;
	if (shape->generic)
	{
		images_generic++;
		return generic_row_jsonb(tup, desc);
	}
	images_built++;
	if (canonical)
	{
		initStringInfo(&out);
		appendStringInfoChar(&out, '{');
	}
	values = palloc(sizeof(Datum) * desc->natts);
	nulls = palloc(sizeof(bool) * desc->natts);
	heap_deform_tuple(tup, desc, values, nulls);
	(void) pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (int k = 0; k < shape->nkeys; k++)
	{
		int			i = shape->order[k];
		const ColInfo *c = &shape->cols[i];
		JsonbValue	key;

		set_string(&key, NameStr(TupleDescAttr(desc, i)->attname),
				   strlen(NameStr(TupleDescAttr(desc, i)->attname)));
		(void) pushJsonbValue(&state, WJB_KEY, &key);
		if (canonical)
		{
			if (k > 0)
				appendBinaryStringInfo(&out, ", ", 2);
			escape_json(&out, key.val.string.val);
			appendBinaryStringInfo(&out, ": ", 2);
		}
		if (nulls[i])
		{
			JsonbValue	null = {.type = jbvNull};

			(void) pushJsonbValue(&state, WJB_VALUE, &null);
			if (canonical)
				appendBinaryStringInfo(&out, "null", 4);
		}
		else
			push_value(&state, c, values[i], canonical ? &out : NULL);
	}
	res = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	pfree(values);
	pfree(nulls);
	if (canonical)
	{
		appendStringInfoChar(&out, '}');
		*canonical = out.data;
	}
	return JsonbPGetDatum(JsonbValueToJsonb(res));
}

/*
 * audit_row_image_stats(): this session's row images built here (built)
 * and by to_jsonb() for a table with a column this file does not build
 * (generic).
 */
PG_FUNCTION_INFO_V1(audit_row_image_stats);
Datum
audit_row_image_stats(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[2] = {Int64GetDatum((int64) images_built), Int64GetDatum((int64) images_generic)};
	bool		nulls[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}
