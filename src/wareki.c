/*
 * wareki.c
 *	  fmgr glue of to_wareki(date) and wareki_date(text); the era logic is
 *	  in src/core/era.c.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "encoding.h"
#include "era.h"

PG_FUNCTION_INFO_V1(to_wareki);
Datum
to_wareki(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	int			y,
				m,
				dd;
	char		buf[64];

	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("an infinite date has no wareki form")));
	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
	if (wareki_format(buf, sizeof(buf), y, m, dd) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range for wareki: \"%s\"",
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)))),
				 errdetail("%s", om_message("Japan adopted the Gregorian calendar on 1873-01-01 (明治6年1月1日); earlier dates have no era date here."))));
	PG_RETURN_TEXT_P(om_utf8_to_text(buf, "to_wareki"));
}

PG_FUNCTION_INFO_V1(wareki_date);
Datum
wareki_date(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	const char *utf8 = om_server_to_utf8(VARDATA_ANY(t), &len);
	int			y,
				m,
				d;
	WaError		err;

	if (wareki_parse(utf8, len, &y, &m, &d, &err) != WA_OK)
		ereport(ERROR,
				(errcode(err.status == WA_RANGE || err.status == WA_FIELD ?
						 ERRCODE_DATETIME_VALUE_OUT_OF_RANGE :
						 ERRCODE_INVALID_DATETIME_FORMAT),
				 errmsg("invalid wareki date: \"%s\"", text_to_cstring(t)),
				 errdetail("%s", om_message(err.detail)),
				 err.hint[0] ? errhint("%s", om_message(err.hint)) : 0));
	if (!IS_VALID_JULIAN(y, m, d) || !IS_VALID_DATE(date2j(y, m, d) - POSTGRES_EPOCH_JDATE))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range: \"%s\"", text_to_cstring(t))));
	PG_RETURN_DATEADT(date2j(y, m, d) - POSTGRES_EPOCH_JDATE);
}
