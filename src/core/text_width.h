/*
 * text_width.h
 *	  How many terminal columns a UTF-8 string takes: East Asian wide and
 *	  fullwidth characters (漢字, かな, 全角 forms) take two, combining marks
 *	  and controls none, everything else one.  Used wherever omledger aligns
 *	  text for people: the text rendering of reports and omctl's tables.
 *
 * Pure C: no server headers.  Bytes that are not valid UTF-8 count one
 * column each, so a damaged string still lines up instead of failing.
 */
#ifndef OMLEDGER_TEXT_WIDTH_H
#define OMLEDGER_TEXT_WIDTH_H

#include <stddef.h>
#include <stdint.h>

/* Columns taken by one code point: 0, 1 or 2. */
extern int	codepoint_display_width(uint32_t cp);

/* Columns taken by the first len bytes of s. */
extern size_t text_display_width(const char *s, size_t len);

/*
 * The number of bytes of the longest prefix of s (of len bytes) that fits
 * in max_cols columns, never splitting a character; *cols_out, if not NULL,
 * receives that prefix's width.
 */
extern size_t text_prefix_for_width(const char *s, size_t len, size_t max_cols,
									size_t *cols_out);

#endif							/* OMLEDGER_TEXT_WIDTH_H */
