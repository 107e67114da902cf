/*
 * 41_workflow_def.sql -- the state machines, as data.
 *
 * workflow_status lists the statuses of each kind of work; workflow_transition
 * the allowed moves between them and the named preconditions each requires.
 * The C trigger omledger.work_item_workflow() (43_workflow.sql) reads both.
 *
 * Defaults ship as seeded rows (read-only, not dumped).  A city changes a
 * state machine by inserting its own rows (dumped with its data): a status of
 * its own, a transition of its own, or a row with the same (kind, from_status,
 * to_status) as a default, which then overrides it -- enabled = false removes
 * a default transition.  See doc/workflow.md.
 */

CREATE TABLE @extschema@.workflow_status (
	kind				text NOT NULL,
	status				text NOT NULL,
	is_initial			boolean NOT NULL DEFAULT false,
	is_terminal			boolean NOT NULL DEFAULT false,
	starts_response		boolean NOT NULL DEFAULT false,
	bumps_content		boolean NOT NULL DEFAULT false,
	sort_order			integer NOT NULL DEFAULT 0,
	description			text,
	seeded				boolean NOT NULL DEFAULT false,
	PRIMARY KEY (kind, status),
	CONSTRAINT workflow_status_kind_check
		CHECK (kind OPERATOR(pg_catalog.=) ANY ('{menu_task,service_request,failure_recovery,modification,handover}'::text[])),
	CONSTRAINT workflow_status_name_check
		CHECK (status OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
	CONSTRAINT workflow_status_initial_check CHECK (NOT (is_initial AND is_terminal))
);
COMMENT ON TABLE @extschema@.workflow_status IS
  'The statuses of each kind of work; a city may add its own';
COMMENT ON COLUMN @extschema@.workflow_status.kind IS 'Kind of work the status belongs to';
COMMENT ON COLUMN @extschema@.workflow_status.status IS 'Name of the status (lower case identifier)';
COMMENT ON COLUMN @extschema@.workflow_status.is_initial IS 'The status a new item of the kind starts in (exactly one per kind)';
COMMENT ON COLUMN @extschema@.workflow_status.is_terminal IS 'The item is finished (closed, cancelled, rejected): not overdue, no transition out by default';
COMMENT ON COLUMN @extschema@.workflow_status.starts_response IS 'Entering it records response_started_at (rule 10): the response to a failure has started';
COMMENT ON COLUMN @extschema@.workflow_status.bumps_content IS 'Entering it means the work is being changed again (rework): content_changed_at moves to the status time, so earlier release evidence no longer counts';
COMMENT ON COLUMN @extschema@.workflow_status.sort_order IS 'Position of the status in diagrams and reports';
COMMENT ON COLUMN @extschema@.workflow_status.description IS 'What the status means';
COMMENT ON COLUMN @extschema@.workflow_status.seeded IS 'True for rows shipped with the extension (read-only, not dumped)';
CREATE UNIQUE INDEX workflow_status_initial_idx ON @extschema@.workflow_status (kind) WHERE is_initial;

CREATE TABLE @extschema@.workflow_transition (
	kind				text NOT NULL,
	from_status			text NOT NULL,
	to_status			text NOT NULL,
	requires			text[] NOT NULL DEFAULT '{}',
	enabled				boolean NOT NULL DEFAULT true,
	description			text,
	seeded				boolean NOT NULL DEFAULT false,
	PRIMARY KEY (kind, from_status, to_status, seeded),
	CONSTRAINT workflow_transition_from_fkey FOREIGN KEY (kind, from_status)
		REFERENCES @extschema@.workflow_status (kind, status),
	CONSTRAINT workflow_transition_to_fkey FOREIGN KEY (kind, to_status)
		REFERENCES @extschema@.workflow_status (kind, status),
	CONSTRAINT workflow_transition_loop_check CHECK (from_status OPERATOR(pg_catalog.<>) to_status),
	-- The preconditions are implemented by the engine (src/core/workflow.c):
	-- the names are code, so a CHECK, not a lookup table a city could extend.
	CONSTRAINT workflow_transition_requires_check
		CHECK (requires OPERATOR(pg_catalog.<@) '{procedure_approved,planned_effort_approved,release_ready,major_incident_report,prior_agreement,failure_class,predecessor_confirmation,handover_report}'::text[]
			   AND pg_catalog.array_position(requires, NULL) IS NULL)
);
COMMENT ON TABLE @extschema@.workflow_transition IS
  'The allowed status changes of each kind and their preconditions; a non-seeded row overrides the seeded row with the same (kind, from_status, to_status)';
COMMENT ON COLUMN @extschema@.workflow_transition.kind IS 'Kind of work';
COMMENT ON COLUMN @extschema@.workflow_transition.from_status IS 'Status the item is in';
COMMENT ON COLUMN @extschema@.workflow_transition.to_status IS 'Status it may move to';
COMMENT ON COLUMN @extschema@.workflow_transition.requires IS 'Named preconditions checked by the trigger: procedure_approved (rule 1), planned_effort_approved (2), release_ready (3), major_incident_report (4), prior_agreement (5), failure_class (6), predecessor_confirmation (7), handover_report';
COMMENT ON COLUMN @extschema@.workflow_transition.enabled IS 'False in a city''s row removes the transition (overriding a seeded one)';
COMMENT ON COLUMN @extschema@.workflow_transition.description IS 'What the transition means';
COMMENT ON COLUMN @extschema@.workflow_transition.seeded IS 'True for rows shipped with the extension (read-only, not dumped); a row with false overrides the seeded one';
CREATE INDEX workflow_transition_to_idx ON @extschema@.workflow_transition (kind, to_status);

INSERT INTO @extschema@.workflow_status
	(kind, status, is_initial, is_terminal, starts_response, bumps_content, sort_order, description, seeded) VALUES
	('failure_recovery', 'reported', true, false, false, false, 10, 'Reported (by the city, a user or the automatic notification system); the response clock runs', true),
	('failure_recovery', 'acknowledged', false, false, true, false, 20, 'The contractor has contacted the city and started to respond', true),
	('failure_recovery', 'investigating', false, false, false, false, 30, 'Impact analysis and investigation', true),
	('failure_recovery', 'mitigated', false, false, false, false, 40, 'Provisional fix, recovery procedure or data patch executed; services restored', true),
	('failure_recovery', 'resolved', false, false, false, false, 50, 'Cause removed or handed over to a modification', true),
	('failure_recovery', 'closed', false, true, false, false, 60, 'Closed with the city', true),
	('failure_recovery', 'cancelled', false, true, false, false, 70, 'Not a failure (false alarm, duplicate notice)', true),
	('modification', 'proposed', true, false, false, false, 10, 'Proposed (permanent fix, preventive fix, improvement, ...)', true),
	('modification', 'planned', false, false, false, false, 20, 'Scope and planned effort prepared', true),
	('modification', 'approved', false, false, false, false, 30, 'The city has approved the plan and its planned effort', true),
	('modification', 'in_progress', false, false, false, true, 40, 'Being built; every entry counts as a change to the release material', true),
	('modification', 'testing', false, false, false, false, 50, 'Staging tests, Jenkins and inspection', true),
	('modification', 'release_approved', false, false, false, false, 60, 'The city approved the release', true),
	('modification', 'released', false, false, false, false, 70, 'Released to production', true),
	('modification', 'closed', false, true, false, false, 80, 'Closed with the city', true),
	('modification', 'rejected', false, true, false, false, 90, 'Not to be done (the city declined, or table 1 excludes it)', true),
	('modification', 'cancelled', false, true, false, false, 100, 'Withdrawn', true),
	('service_request', 'requested', true, false, false, false, 10, 'Requested by the city', true),
	('service_request', 'accepted', false, false, false, false, 20, 'Accepted and scheduled', true),
	('service_request', 'in_progress', false, false, false, false, 30, 'Being executed', true),
	('service_request', 'done', false, false, false, false, 40, 'Done; results delivered', true),
	('service_request', 'closed', false, true, false, false, 50, 'Closed with the city', true),
	('service_request', 'rejected', false, true, false, false, 60, 'Not in scope', true),
	('service_request', 'cancelled', false, true, false, false, 70, 'Withdrawn by the city', true),
	('menu_task', 'scheduled', true, false, false, false, 10, 'Scheduled from the O&M menu', true),
	('menu_task', 'in_progress', false, false, false, false, 20, 'Being performed per its procedure', true),
	('menu_task', 'done', false, false, false, false, 30, 'Performed', true),
	('menu_task', 'closed', false, true, false, false, 40, 'Checked and closed', true),
	('menu_task', 'cancelled', false, true, false, false, 50, 'Not performed (not needed this time)', true),
	('handover', 'planned', true, false, false, false, 10, 'In the handover plan', true),
	('handover', 'in_progress', false, false, false, false, 20, 'Being handed over while doing the real work', true),
	('handover', 'reported', false, false, false, false, 30, 'The handover report agreed by both contractors is submitted (§5.3.2)', true),
	('handover', 'closed', false, true, false, false, 40, 'Handover of the subject complete', true),
	('handover', 'cancelled', false, true, false, false, 50, 'Dropped from the plan', true);

INSERT INTO @extschema@.workflow_transition (kind, from_status, to_status, requires, description, seeded) VALUES
	('failure_recovery', 'reported', 'acknowledged', '{}', 'Response starts (response_started_at)', true),
	('failure_recovery', 'reported', 'cancelled', '{}', 'Not a failure', true),
	('failure_recovery', 'acknowledged', 'investigating', '{}', 'Investigation starts', true),
	('failure_recovery', 'acknowledged', 'mitigated', '{procedure_approved}', 'Recovered at once (a recovery procedure or patch needs its approval)', true),
	('failure_recovery', 'acknowledged', 'cancelled', '{}', 'Not a failure', true),
	('failure_recovery', 'investigating', 'mitigated', '{procedure_approved}', 'Recovery executed (§5.2.4⑤)', true),
	('failure_recovery', 'investigating', 'resolved', '{procedure_approved}', 'Resolved without a separate mitigation', true),
	('failure_recovery', 'mitigated', 'investigating', '{}', 'Mitigation did not hold', true),
	('failure_recovery', 'mitigated', 'resolved', '{}', 'Resolved', true),
	('failure_recovery', 'resolved', 'investigating', '{}', 'Reopened', true),
	('failure_recovery', 'resolved', 'closed', '{major_incident_report,predecessor_confirmation}', 'Closed (§5.2.1④, §5.3.3)', true),
	('modification', 'proposed', 'planned', '{failure_class}', 'Planned (table 1 allows it)', true),
	('modification', 'proposed', 'rejected', '{}', 'Declined', true),
	('modification', 'proposed', 'cancelled', '{}', 'Withdrawn', true),
	('modification', 'planned', 'approved', '{failure_class,planned_effort_approved}', 'The city approves the plan (§5.2.3)', true),
	('modification', 'planned', 'rejected', '{}', 'Declined', true),
	('modification', 'planned', 'cancelled', '{}', 'Withdrawn', true),
	('modification', 'approved', 'in_progress', '{planned_effort_approved}', 'Work starts (§5.2.3: planned effort approved first)', true),
	('modification', 'approved', 'cancelled', '{}', 'Withdrawn', true),
	('modification', 'in_progress', 'testing', '{}', 'Tests start', true),
	('modification', 'in_progress', 'cancelled', '{}', 'Withdrawn', true),
	('modification', 'testing', 'in_progress', '{}', 'Rework', true),
	('modification', 'testing', 'release_approved', '{release_ready}', 'Release approved (§5.2.4②⑥)', true),
	('modification', 'testing', 'cancelled', '{}', 'Withdrawn', true),
	('modification', 'release_approved', 'in_progress', '{}', 'Rework after approval (the approval no longer counts)', true),
	('modification', 'release_approved', 'released', '{release_ready}', 'Released to production (§5.2.4⑥)', true),
	('modification', 'released', 'closed', '{predecessor_confirmation}', 'Closed (§5.3.3)', true),
	('service_request', 'requested', 'accepted', '{}', 'Accepted', true),
	('service_request', 'requested', 'rejected', '{}', 'Not in scope', true),
	('service_request', 'requested', 'cancelled', '{}', 'Withdrawn', true),
	('service_request', 'accepted', 'in_progress', '{procedure_approved,prior_agreement}', 'Execution starts (§5.2.1⑤⑥)', true),
	('service_request', 'accepted', 'cancelled', '{}', 'Withdrawn', true),
	('service_request', 'in_progress', 'done', '{}', 'Done', true),
	('service_request', 'in_progress', 'cancelled', '{}', 'Withdrawn', true),
	('service_request', 'done', 'in_progress', '{}', 'More work needed', true),
	('service_request', 'done', 'closed', '{predecessor_confirmation}', 'Closed (§5.3.3)', true),
	('menu_task', 'scheduled', 'in_progress', '{procedure_approved}', 'Performed per its procedure', true),
	('menu_task', 'scheduled', 'cancelled', '{}', 'Not needed', true),
	('menu_task', 'in_progress', 'done', '{}', 'Done', true),
	('menu_task', 'done', 'closed', '{predecessor_confirmation}', 'Closed (§5.3.3)', true),
	('handover', 'planned', 'in_progress', '{}', 'Handover starts', true),
	('handover', 'planned', 'cancelled', '{}', 'Dropped', true),
	('handover', 'in_progress', 'reported', '{handover_report}', 'Report agreed by both contractors (§5.3.2)', true),
	('handover', 'reported', 'in_progress', '{}', 'More to hand over', true),
	('handover', 'reported', 'closed', '{predecessor_confirmation}', 'Confirmed by the previous contractor (§5.3.3)', true);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_status', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_transition', 'WHERE NOT seeded');
