/*
 * fuzz_workflow.c -- the requirement-list parser and the DOT renderer on
 * arbitrary bytes.
 *
 * Properties: the parser never reads past the given length; on success the
 * mask has only known bits and formatting it and parsing "{...}" of the
 * result gives the same mask; on an unknown name the name is a prefix of the
 * input at the reported offset.  The DOT text of any status names is one
 * digraph whose quoted IDs are balanced (every '"' inside a name escaped).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow.h"

const char *const fuzz_dictionary[] = {
	"{", "}", ",", "\"", " ", "\\", "{}", "{ }", "NULL",
	"procedure_approved", "planned_effort_approved", "release_ready", "major_incident_report",
	"prior_agreement", "failure_class", "predecessor_confirmation", "handover_report",
	"release_read", "release_readyy",
};
const size_t fuzz_dictionary_len = sizeof(fuzz_dictionary) / sizeof(fuzz_dictionary[0]);

static void
check_dot(const uint8_t *data, size_t size)
{
	char	   *name = malloc(size + 1);
	WfDotStatus st[2];
	WfDotTransition tr[1];
	WfBuf		out = {0};
	int			quotes = 0;

	memcpy(name, data, size);
	name[size] = '\0';			/* a name is a C string: cut at the first NUL */
	st[0] = (WfDotStatus) {name, true, false};
	st[1] = (WfDotStatus) {"x", false, true};
	tr[0] = (WfDotTransition) {name, "x", (wf_reqmask) (size & 0xff)};
	if (!wf_render_dot(name, st, 2, tr, 1, &out))
		abort();
	if (strlen(out.data) != out.len || out.data[out.len - 1] != '\n')
		abort();
	for (size_t i = 0; i < out.len; i++)
	{
		if (out.data[i] == '\\')
			i++;				/* an escape pair */
		else if (out.data[i] == '"')
			quotes++;
		else if (out.data[i] == '\n' && quotes % 2 != 0)
			abort();			/* a raw newline inside a quoted ID */
	}
	if (quotes % 2 != 0)
		abort();
	free(out.data);
	free(name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy with no terminator: reading past size trips ASan */
	char	   *s = malloc(size ? size : 1);
	wf_reqmask	m = 0,
				back = 0;
	size_t		pos = 0;
	char		bad[32];
	WfParseStatus st;

	memcpy(s, data, size);
	st = wf_parse_requirements(s, size, &m, &pos, bad, sizeof bad);
	if (st == WF_PARSE_OK)
	{
		char		text[512];
		char		arr[520];

		if (m >> WF_REQ_COUNT)
			abort();
		wf_format_requirements(m, text, sizeof text);
		snprintf(arr, sizeof arr, "{%s}", text);
		if (wf_parse_requirements(arr, strlen(arr), &back, NULL, NULL, 0) != WF_PARSE_OK || back != m)
			abort();
	}
	else if (st == WF_PARSE_UNKNOWN)
	{
		size_t		n = strlen(bad);

		/* (the name may hold a NUL byte: bad then stops there) */
		if (pos >= size || n > size - pos || memcmp(s + pos, bad, n) != 0 ||
			(n == 0 && s[pos] != '\0'))
			abort();
	}
	else if (st != WF_PARSE_SYNTAX || pos > size)
		abort();
	free(s);
	check_dot(data, size);
	return 0;
}
