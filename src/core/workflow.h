/*
 * workflow.h
 *	  The pure part of the workflow engine: the named preconditions a
 *	  transition can require (the glue reads workflow_transition.requires,
 *	  a text[], with deconstruct_array and looks each element up here), and
 *	  the Graphviz DOT rendering of a state machine.
 *
 *	  No server headers: see test/unit/test_workflow.c and
 *	  test/fuzz/fuzz_workflow.c.
 */
#ifndef OM_CORE_WORKFLOW_H
#define OM_CORE_WORKFLOW_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* One bit per precondition; the order is the order of the checks. */
typedef enum WfRequirement
{
	WF_REQ_PROCEDURE_APPROVED = 0,	/* rule 1 */
	WF_REQ_PLANNED_EFFORT_APPROVED,	/* rule 2 */
	WF_REQ_RELEASE_READY,			/* rule 3 */
	WF_REQ_MAJOR_INCIDENT_REPORT,	/* rule 4 */
	WF_REQ_PRIOR_AGREEMENT,			/* rule 5 */
	WF_REQ_FAILURE_CLASS,			/* rule 6 */
	WF_REQ_PREDECESSOR_CONFIRMATION,	/* rule 7 */
	WF_REQ_HANDOVER_REPORT,
	WF_REQ_CITY_CLOSURE,		/* security incidents: the city closes */
	WF_REQ_COUNT
} WfRequirement;

typedef uint32_t wf_reqmask;

/* The SQL name of a requirement, or NULL when out of range. */
extern const char *wf_requirement_name(int req);

/* The requirement named by s[0..len), or -1. */
extern int	wf_requirement_lookup(const char *s, size_t len);

/*
 * Render a mask as a comma-separated list of names into buf (always
 * NUL-terminated when buflen > 0).  Returns the length the full text needs
 * (excluding the NUL), like snprintf.
 */
extern size_t wf_format_requirements(wf_reqmask mask, char *buf, size_t buflen);

/* ---------------------------------------------------------------- DOT */

typedef struct WfDotStatus
{
	const char *name;
	bool		is_initial;
	bool		is_terminal;
} WfDotStatus;

typedef struct WfDotTransition
{
	const char *from;
	const char *to;
	wf_reqmask	requires;
} WfDotTransition;

/* A growable byte buffer owned by the caller (free(buf.data)). */
typedef struct WfBuf
{
	char	   *data;
	size_t		len;
	size_t		cap;
	bool		oom;
} WfBuf;

/*
 * Render the state machine of `kind` as a Graphviz digraph into out (which
 * must be zero-initialised).  Names are emitted as quoted DOT IDs with '"'
 * and '\' escaped, so any byte string is safe.  Returns false when out of
 * memory (out->data is then freed and NULL).
 */
extern bool wf_render_dot(const char *kind,
						  const WfDotStatus *statuses, size_t nstatuses,
						  const WfDotTransition *transitions, size_t ntransitions,
						  WfBuf *out);

#endif							/* OM_CORE_WORKFLOW_H */
