/*
 * reports.c
 *	  SQL glue for the document renderer (src/sql/93_render.sql): the display
 *	  width of text, for the aligned text rendering of reports, and the
 *	  Japanese spelling of an effort whatever the session's effort_style.
 *
 * The width rules are in the pure core (src/core/text_width.c, unit-tested
 * over every code point); this file only converts the database encoding to
 * the core's UTF-8 (src/encoding.c).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "effort.h"
#include "encoding.h"
#include "omledger.h"
#include "text_width.h"

/*
 * display_width(text) -> integer: the terminal columns the text takes (East
 * Asian wide characters two, combining marks none).
 */
PG_FUNCTION_INFO_V1(report_display_width);
Datum
report_display_width(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	const char *utf8 = om_server_to_utf8(VARDATA_ANY(t), &len);
	size_t		w = text_display_width(utf8, len);

	/* a text datum is at most 1 GB, so its width fits an int4 */
	PG_RETURN_INT32((int32) w);
}

/*
 * effort_ja(effort) -> text: 2人月3人日4時間30分, the canonical Japanese
 * spelling, independent of omledger.effort_style (a rendered document must
 * not depend on the session that renders it).
 */
PG_FUNCTION_INFO_V1(report_effort_ja);
Datum
report_effort_ja(PG_FUNCTION_ARGS)
{
	char		buf[EFFORT_FORMAT_BUFLEN];

	effort_format(PG_GETARG_EFFORT(0), EFFORT_FORMAT_JA, buf);
	PG_RETURN_TEXT_P(om_utf8_to_text(buf, "effort_ja"));
}
