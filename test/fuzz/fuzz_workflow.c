/*
 * fuzz_workflow.c -- the DOT renderer on arbitrary bytes.
 *
 * Property: the DOT text of any status names is one digraph whose quoted
 * IDs are balanced (every '"' inside a name escaped), with no raw newline
 * inside one.  (The requirement list is no longer parsed here: the server
 * reads the text[] with deconstruct_array.)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow.h"

const char *const fuzz_dictionary[] = {
	"\"", "\\", "\n", "{", "}", "->", "[", "]", ";",
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
	check_dot(data, size);
	return 0;
}
