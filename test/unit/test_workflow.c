/*
 * test_workflow.c -- the pure part of the workflow engine: requirement
 * names, the parser of a requirement list, and the DOT rendering.
 */
#include <stdlib.h>

#include "unit.h"
#include "workflow.h"

static WfParseStatus
parse(const char *s, wf_reqmask *m)
{
	size_t		pos = 0;

	*m = 0xdeadbeef;
	return wf_parse_requirements(s, strlen(s), m, &pos, NULL, 0);
}

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
test_parse(void)
{
	wf_reqmask	m;
	size_t		pos = 99;
	char		bad[8];

	CHECK_INT(parse("{}", &m), WF_PARSE_OK, "empty list");
	CHECK_INT(m, 0, "empty list is an empty mask");
	CHECK_INT(parse("  { }  ", &m), WF_PARSE_OK, "blanks around an empty list");
	CHECK_INT(parse("{release_ready}", &m), WF_PARSE_OK, "one element");
	CHECK_INT(m, 1u << WF_REQ_RELEASE_READY, "one element's bit");
	CHECK_INT(parse("{procedure_approved,prior_agreement}", &m), WF_PARSE_OK, "two elements");
	CHECK_INT(m, (1u << WF_REQ_PROCEDURE_APPROVED) | (1u << WF_REQ_PRIOR_AGREEMENT), "two bits");
	CHECK_INT(parse("{ \"failure_class\" , handover_report }", &m), WF_PARSE_OK, "quoted element and blanks");
	CHECK_INT(m, (1u << WF_REQ_FAILURE_CLASS) | (1u << WF_REQ_HANDOVER_REPORT), "quoted element's bit");
	CHECK_INT(parse("{release_ready,release_ready}", &m), WF_PARSE_OK, "a repeated element");
	CHECK_INT(m, 1u << WF_REQ_RELEASE_READY, "a repeat sets one bit");

	CHECK_INT(parse("", &m), WF_PARSE_SYNTAX, "empty input");
	CHECK_INT(parse("release_ready", &m), WF_PARSE_SYNTAX, "no braces");
	CHECK_INT(parse("{release_ready", &m), WF_PARSE_SYNTAX, "unterminated");
	CHECK_INT(parse("{release_ready,}", &m), WF_PARSE_SYNTAX, "trailing comma");
	CHECK_INT(parse("{,release_ready}", &m), WF_PARSE_SYNTAX, "leading comma");
	CHECK_INT(parse("{release_ready} x", &m), WF_PARSE_SYNTAX, "trailing junk");
	CHECK_INT(parse("{\"release_ready}", &m), WF_PARSE_SYNTAX, "unterminated quote");
	CHECK_INT(parse("{\"rel\\\"ease\"}", &m), WF_PARSE_SYNTAX, "escapes are refused");
	CHECK_INT(parse("{{release_ready}}", &m), WF_PARSE_SYNTAX, "nested arrays are refused");
	CHECK_INT(parse("{release_ready x}", &m), WF_PARSE_SYNTAX, "a blank inside an unquoted element");
	CHECK_INT(parse("{\"\"}", &m), WF_PARSE_SYNTAX, "an empty element");
	CHECK_INT(m, 0xdeadbeef, "the mask is untouched on error");

	CHECK_INT(wf_parse_requirements("{a,NULL}", 8, &m, &pos, bad, sizeof bad), WF_PARSE_UNKNOWN, "an unknown name");
	CHECK_STR(bad, "a", "the unknown name is reported");
	CHECK_INT(pos, 1, "at its offset");
	CHECK_INT(wf_parse_requirements("{procedure_approvedXYZ}", 23, &m, &pos, bad, sizeof bad), WF_PARSE_UNKNOWN, "a long unknown name");
	CHECK_STR(bad, "procedu", "is truncated to the buffer");
	CHECK_INT(wf_parse_requirements("{release_ready}", 14, &m, &pos, NULL, 0), WF_PARSE_SYNTAX, "the length bounds the input");
	CHECK_INT(pos, 14, "error at the end of the given length");
	CHECK_INT(wf_parse_requirements("{release_ready}", 10, &m, &pos, bad, sizeof bad), WF_PARSE_UNKNOWN, "a name cut by the length");
	CHECK_STR(bad, "release", "is unknown");
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
	/* every mask round-trips through the array syntax */
	for (wf_reqmask m = 0; m <= all; m++)
	{
		char		arr[300];
		char	   *p;

		wf_format_requirements(m, buf, sizeof buf);
		snprintf(arr, sizeof arr, "{%s}", buf);
		for (p = arr; *p; p++)
			if (*p == ' ')
				*p = '\t';
		QUIET_CHECK(wf_parse_requirements(arr, strlen(arr), &back, NULL, NULL, 0) == WF_PARSE_OK && back == m,
					"mask %u", (unsigned) m);
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
	test_parse();
	test_format();
	test_dot();
	return unit_done();
}
