/*
 * test_workflow.c -- the pure part of the workflow engine: requirement
 * names, their formatting, and the DOT rendering.
 */
#include <stdlib.h>

#include "unit.h"
#include "workflow.h"

static void
test_names(void)
{
	for (int i = 0; i < WF_REQ_COUNT; i++)
	{
		const char *n = wf_requirement_name(i);

		CHECK(n != NULL && wf_requirement_lookup(n, strlen(n)) == i, "name %d (%s) looks up to itself", i, n);
	}
	CHECK(wf_requirement_name(-1) == NULL && wf_requirement_name(WF_REQ_COUNT) == NULL, "out of range names are NULL");
	CHECK_INT(wf_requirement_lookup("release_read", 12), -1, "a prefix is not a name");
	CHECK_INT(wf_requirement_lookup("release_readyX", 14), -1, "a longer word is not a name");
	CHECK_INT(wf_requirement_lookup("release_readyX", 13), WF_REQ_RELEASE_READY, "the length bounds the name");
}

static void
test_format(void)
{
	char		buf[256];
	char		small[10];
	wf_reqmask	all = (1u << WF_REQ_COUNT) - 1;
	size_t		n;
	wf_reqmask	back;

	CHECK_INT(wf_format_requirements(0, buf, sizeof buf), 0, "empty mask formats empty");
	CHECK_STR(buf, "", "empty text");
	n = wf_format_requirements((1u << WF_REQ_PROCEDURE_APPROVED) | (1u << WF_REQ_RELEASE_READY), buf, sizeof buf);
	CHECK_STR(buf, "procedure_approved, release_ready", "two names");
	CHECK_INT(n, strlen(buf), "length returned");
	n = wf_format_requirements(all, small, sizeof small);
	CHECK(n > sizeof small && strlen(small) == sizeof small - 1, "truncated but terminated, full length returned");
	/* every mask round-trips through its names */
	for (wf_reqmask m = 0; m <= all; m++)
	{
		char	   *p = buf;

		back = 0;
		wf_format_requirements(m, buf, sizeof buf);
		while (*p)
		{
			size_t		len = strcspn(p, ",");
			int			req = wf_requirement_lookup(p, len);

			if (req >= 0)
				back |= 1u << req;
			else
				back = ~(wf_reqmask) 0;
			p += len;
			p += strspn(p, ", ");
		}
		QUIET_CHECK(back == m, "mask %u", (unsigned) m);
	}
	CHECK_INT(unit_quiet_failures, 0, "all %u masks round-trip", (unsigned) all + 1);
}

static void
test_dot(void)
{
	WfDotStatus st[] = {{"new", true, false}, {"we\"ird\\na\nme", false, false}, {"done", false, true}};
	WfDotTransition tr[] = {
		{"new", "we\"ird\\na\nme", 0},
		{"we\"ird\\na\nme", "done", (1u << WF_REQ_RELEASE_READY) | (1u << WF_REQ_FAILURE_CLASS)},
	};
	WfBuf		out = {0};

	CHECK(wf_render_dot("k\"ind", st, 3, tr, 2, &out), "renders");
	CHECK(out.data != NULL && strlen(out.data) == out.len, "NUL-terminated, length kept");
	CHECK(strstr(out.data, "digraph \"k\\\"ind\" {") == out.data, "quoted graph name");
	CHECK(strstr(out.data, "\"new\" [style=\"rounded,bold\", penwidth=2];") != NULL, "initial status is bold");
	CHECK(strstr(out.data, "\"done\" [shape=doubleoctagon") != NULL, "terminal status is a double octagon");
	CHECK(strstr(out.data, "\"we\\\"ird\\\\na\\nme\"") != NULL, "quotes, backslashes and newlines escaped");
	CHECK(strstr(out.data, "[label=\"release_ready\\nfailure_class\"]") != NULL, "requirements label, one per line");
	CHECK(out.data[out.len - 2] == '}' && out.data[out.len - 1] == '\n', "closed");
	free(out.data);
}

int
main(void)
{
	test_names();
	test_format();
	test_dot();
	return unit_done();
}
