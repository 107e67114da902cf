/*
 * workflow.c
 *	  Pure part of the workflow engine (see workflow.h).
 */
#include "workflow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const req_names[WF_REQ_COUNT] = {
	"procedure_approved",
	"planned_effort_approved",
	"release_ready",
	"major_incident_report",
	"prior_agreement",
	"failure_class",
	"predecessor_confirmation",
	"handover_report",
	"city_closure",
};

const char *
wf_requirement_name(int req)
{
	if (req < 0 || req >= WF_REQ_COUNT)
		return NULL;
	return req_names[req];
}

int
wf_requirement_lookup(const char *s, size_t len)
{
	for (int i = 0; i < WF_REQ_COUNT; i++)
	{
		if (strlen(req_names[i]) == len && memcmp(req_names[i], s, len) == 0)
			return i;
	}
	return -1;
}

/* Append s at offset `at` of buf, truncating; returns the new offset. */
static size_t
put_trunc(char *buf, size_t buflen, size_t at, const char *s)
{
	size_t		n = strlen(s);

	if (at < buflen)
	{
		size_t		room = buflen - 1 - at;

		memcpy(buf + at, s, n < room ? n : room);
		buf[at + (n < room ? n : room)] = '\0';
	}
	return at + n;
}

size_t
wf_format_requirements(wf_reqmask mask, char *buf, size_t buflen)
{
	size_t		need = 0;

	if (buflen > 0)
		buf[0] = '\0';
	for (int i = 0; i < WF_REQ_COUNT; i++)
	{
		if (!(mask & ((wf_reqmask) 1 << i)))
			continue;
		if (need > 0)
			need = put_trunc(buf, buflen, need, ", ");
		need = put_trunc(buf, buflen, need, req_names[i]);
	}
	return need;
}

/* ---------------------------------------------------------------- DOT */

static void
buf_put(WfBuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap : 256;
		char	   *p;

		while (cap < b->len + n + 1)
		{
			if (cap > SIZE_MAX / 2)
			{
				b->oom = true;
				return;
			}
			cap *= 2;
		}
		p = realloc(b->data, cap);
		if (p == NULL)
		{
			b->oom = true;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
buf_str(WfBuf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/* A DOT quoted ID: only '"' and '\' need escaping; newlines become \n. */
static void
buf_quoted(WfBuf *b, const char *s)
{
	buf_put(b, "\"", 1);
	for (; *s; s++)
	{
		if (*s == '"' || *s == '\\')
		{
			buf_put(b, "\\", 1);
			buf_put(b, s, 1);
		}
		else if (*s == '\n')
			buf_put(b, "\\n", 2);
		else
			buf_put(b, s, 1);
	}
	buf_put(b, "\"", 1);
}

bool
wf_render_dot(const char *kind,
			  const WfDotStatus *statuses, size_t nstatuses,
			  const WfDotTransition *transitions, size_t ntransitions,
			  WfBuf *out)
{
	buf_str(out, "digraph ");
	buf_quoted(out, kind);
	buf_str(out, " {\n"
			"  rankdir=LR;\n"
			"  fontname=\"Helvetica\";\n"
			"  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
			"  edge [fontname=\"Helvetica\", fontsize=10];\n"
			"  label=");
	buf_quoted(out, kind);
	buf_str(out, ";\n  labelloc=t;\n");
	for (size_t i = 0; i < nstatuses; i++)
	{
		buf_str(out, "  ");
		buf_quoted(out, statuses[i].name);
		if (statuses[i].is_initial)
			buf_str(out, " [style=\"rounded,bold\", penwidth=2]");
		else if (statuses[i].is_terminal)
			buf_str(out, " [shape=doubleoctagon, style=\"\"]");
		buf_str(out, ";\n");
	}
	for (size_t i = 0; i < ntransitions; i++)
	{
		buf_str(out, "  ");
		buf_quoted(out, transitions[i].from);
		buf_str(out, " -> ");
		buf_quoted(out, transitions[i].to);
		if (transitions[i].requires != 0)
		{
			bool		first = true;

			/* one requirement per line reads better in a diagram */
			buf_str(out, " [label=\"");
			for (int r = 0; r < WF_REQ_COUNT; r++)
			{
				if (!(transitions[i].requires & ((wf_reqmask) 1 << r)))
					continue;
				if (!first)
					buf_str(out, "\\n");
				buf_str(out, req_names[r]);
				first = false;
			}
			buf_str(out, "\"]");
		}
		buf_str(out, ";\n");
	}
	buf_str(out, "}\n");
	if (out->oom)
	{
		free(out->data);
		out->data = NULL;
		out->len = out->cap = 0;
		return false;
	}
	return true;
}
