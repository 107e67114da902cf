/*
 * fuzz_effort.c -- the effort parser on arbitrary bytes.
 *
 * Property: any input either is rejected with a status and an error span
 * inside the input, or parses to a value whose text in BOTH output styles
 * parses back to the same value (and formats to the same text again).
 * Anything else abort()s.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "effort.h"

const char *const fuzz_dictionary[] = {
	"0", "1", "2", "9", "00", "1.5", "0.25", ".5", "0.0003125", "9223372036854775807",
	"9223372036854775808", "960767920505705", "99999999999999999999", " ", "  ", "\t",
	"-", "- ", "+", ".", "..",
	"pm", "PM", "person-month", "person-months", "mm", "man-month", "man-months",
	"pd", "person-day", "person-days", "md", "man-day", "man-days",
	"h", "H", "hr", "hour", "hours", "min", "minute", "minutes", "m", "s",
	"人月", "人日", "時間", "分", "人", "時", "日",
	"０", "１", "５", "９", "．", "－", "\xe3\x80\x80", "\xef\xbc", "\xe4\xba",
};
const size_t fuzz_dictionary_len = sizeof(fuzz_dictionary) / sizeof(fuzz_dictionary[0]);

static void
check_round_trip(int64_t m, EffortFormatStyle style)
{
	char		buf[EFFORT_FORMAT_BUFLEN];
	char		again[EFFORT_FORMAT_BUFLEN];
	size_t		n = effort_format(m, style, buf);
	EffortParseResult r;

	if (n == 0 || n >= EFFORT_FORMAT_BUFLEN || buf[n] != '\0' || strlen(buf) != n)
		abort();
	r = effort_parse(buf, n);
	if (r.status != EFFORT_OK || r.minutes != m)
		abort();
	effort_format(r.minutes, style, again);
	if (strcmp(buf, again) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	EffortParseResult r = effort_parse((const char *) data, size);

	switch (r.status)
	{
		case EFFORT_OK:
			check_round_trip(r.minutes, EFFORT_FORMAT_EN);
			check_round_trip(r.minutes, EFFORT_FORMAT_JA);
			break;
		case EFFORT_ERR_EMPTY:
		case EFFORT_ERR_SYNTAX:
		case EFFORT_ERR_NO_UNIT:
		case EFFORT_ERR_BAD_UNIT:
		case EFFORT_ERR_FRACTION:
		case EFFORT_ERR_RANGE:
			if (r.err_start > r.err_end || r.err_end > size)
				abort();
			break;
		default:
			abort();
	}
	return 0;
}
