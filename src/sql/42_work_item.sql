/*
 * 42_work_item.sql -- work items and what hangs off them: approvals,
 * evidence, deadline changes and the status history.  The enforcing
 * triggers are in 43_workflow.sql.
 */

-- ------------------------------------------------------------ work_item
CREATE TABLE @extschema@.work_item (
	item_id				bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	kind				text NOT NULL,
	sub_kind			text,
	title				text NOT NULL,
	detail				text,
	menu_item_id		bigint,
	performer			text,
	requested_by		bigint,
	requested_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	occurred_at			timestamptz,
	due_on				date,
	scheduled_at		timestamptz,
	status				text NOT NULL,
	status_changed_at	timestamptz NOT NULL,
	status_changed_by	bigint,
	created_by			bigint,
	severity			text NOT NULL DEFAULT 'normal',
	failure_class		text,
	needs_additional_contract boolean NOT NULL DEFAULT false,
	planned_effort		@extschema@.effort,
	planned_effort_set_at timestamptz,
	parent_id			bigint REFERENCES @extschema@.work_item,
	spec_check_for_modification boolean NOT NULL DEFAULT false,
	internal_handover	boolean NOT NULL DEFAULT false,
	immediate_response	boolean NOT NULL DEFAULT true,
	response_due_at		timestamptz,
	response_started_at	timestamptz,
	release_ref			text,
	content_changed_at	timestamptz NOT NULL,
	source				text,
	dedupe_key			text,
	created_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CONSTRAINT work_item_contract_item_key UNIQUE (contract_id, item_id),
	CONSTRAINT work_item_dedupe_key UNIQUE (contract_id, source, dedupe_key),
	CONSTRAINT work_item_kind_check
		CHECK (kind OPERATOR(pg_catalog.=) ANY ('{menu_task,service_request,failure_recovery,modification,handover}'::text[])),
	CONSTRAINT work_item_status_fkey FOREIGN KEY (kind, status)
		REFERENCES @extschema@.workflow_status (kind, status),
	CONSTRAINT work_item_sub_kind_fkey FOREIGN KEY (kind, sub_kind)
		REFERENCES @extschema@.work_sub_kind (kind, sub_kind),
	CONSTRAINT work_item_menu_item_fkey FOREIGN KEY (contract_id, menu_item_id)
		REFERENCES @extschema@.menu_item (contract_id, menu_item_id),
	CONSTRAINT work_item_requested_by_fkey FOREIGN KEY (contract_id, requested_by)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT work_item_created_by_fkey FOREIGN KEY (contract_id, created_by)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT work_item_status_changed_by_fkey FOREIGN KEY (contract_id, status_changed_by)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT work_item_menu_task_check
		CHECK ((kind OPERATOR(pg_catalog.=) 'menu_task') OPERATOR(pg_catalog.=) (menu_item_id IS NOT NULL)),
	CONSTRAINT work_item_performer_check
		CHECK (performer OPERATOR(pg_catalog.=) ANY ('{operator,vendor}'::text[])),
	CONSTRAINT work_item_severity_check
		CHECK (severity OPERATOR(pg_catalog.=) ANY ('{normal,major}'::text[])),
	CONSTRAINT work_item_failure_class_check
		CHECK (failure_class IS NULL
			   OR (failure_class OPERATOR(pg_catalog.=) ANY ('{A,B,C,D}'::text[])
				   AND kind OPERATOR(pg_catalog.=) 'failure_recovery')),
	CONSTRAINT work_item_occurred_at_check
		CHECK (occurred_at IS NOT NULL OR kind OPERATOR(pg_catalog.<>) 'failure_recovery'),
	CONSTRAINT work_item_spec_check_check
		CHECK (NOT spec_check_for_modification OR kind OPERATOR(pg_catalog.=) 'service_request'),
	CONSTRAINT work_item_internal_handover_check
		CHECK (NOT internal_handover OR kind OPERATOR(pg_catalog.=) 'handover'),
	CONSTRAINT work_item_parent_check
		CHECK (parent_id OPERATOR(pg_catalog.<>) item_id),
	CONSTRAINT work_item_dedupe_check
		CHECK ((source IS NULL) OPERATOR(pg_catalog.=) (dedupe_key IS NULL))
);
COMMENT ON TABLE @extschema@.work_item IS
  'One piece of O&M work: a menu task, a service request, a failure recovery, a conservative modification or handover work; its status is governed by the workflow engine';
COMMENT ON COLUMN @extschema@.work_item.item_id IS 'Identifier of the work item';
COMMENT ON COLUMN @extschema@.work_item.contract_id IS 'Contract the work is done under';
COMMENT ON COLUMN @extschema@.work_item.kind IS 'menu_task (§5.1), service_request (§5.2.1), failure_recovery (§5.2.2), modification (§5.2.3) or handover (§5.3)';
COMMENT ON COLUMN @extschema@.work_item.sub_kind IS 'Sub-kind within the kind (omledger.work_sub_kind), e.g. data_patch; decides rules 1 and 5';
COMMENT ON COLUMN @extschema@.work_item.title IS 'Short title';
COMMENT ON COLUMN @extschema@.work_item.detail IS 'Description of the work; a change bumps content_changed_at';
COMMENT ON COLUMN @extschema@.work_item.menu_item_id IS 'For a menu task: the menu revision performed (required for menu_task, NULL otherwise)';
COMMENT ON COLUMN @extschema@.work_item.performer IS 'Who performs the work: operator or vendor; NULL if not yet assigned';
COMMENT ON COLUMN @extschema@.work_item.requested_by IS 'Person who requested or reported the work (a roster entry); defaults to the person who entered the item';
COMMENT ON COLUMN @extschema@.work_item.requested_at IS 'When the work was requested or reported';
COMMENT ON COLUMN @extschema@.work_item.occurred_at IS 'For a failure: when it occurred or was detected (the response clock starts here); required for failure_recovery';
COMMENT ON COLUMN @extschema@.work_item.due_on IS 'The originally agreed due date; later agreed changes are in omledger.deadline_change (see omledger.work_item_due)';
COMMENT ON COLUMN @extschema@.work_item.scheduled_at IS 'When the work is scheduled to take place (for closed-day attendance: the day of the attendance)';
COMMENT ON COLUMN @extschema@.work_item.status IS 'Current status in the kind''s state machine (omledger.workflow_status); an item starts in its kind''s initial status and changes only through allowed transitions (omledger.workflow_transition)';
COMMENT ON COLUMN @extschema@.work_item.status_changed_at IS 'When the current status was entered: requested_at on creation, now() on a status change, or an earlier time the statement supplies (entering paper records), never before the previous change nor in the future';
COMMENT ON COLUMN @extschema@.work_item.status_changed_by IS 'Roster entry that made the last status change (the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.work_item.created_by IS 'Roster entry that entered the item (the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.work_item.severity IS 'normal or major: major is a failure affecting residents or most users of the systems, actually or possibly (重大障害, §5.2.1④)';
COMMENT ON COLUMN @extschema@.work_item.failure_class IS 'For a failure: class A, B, C or D of table 1 (§5.2.3.1); NULL while unclassified';
COMMENT ON COLUMN @extschema@.work_item.needs_additional_contract IS 'Set by the workflow trigger on a modification whose originating failure is class D: an additional contract is needed as a rule (table 1)';
COMMENT ON COLUMN @extschema@.work_item.planned_effort IS 'Planned effort presented to the city before work starts (§5.2.3); a change bumps planned_effort_set_at';
COMMENT ON COLUMN @extschema@.work_item.planned_effort_set_at IS 'When planned_effort was last set (requested_at on creation, now() on a change); a planned_effort approval counts only if decided at or after it';
COMMENT ON COLUMN @extschema@.work_item.parent_id IS 'The item this one arises from: a modification''s originating failure, a data patch''s incident';
COMMENT ON COLUMN @extschema@.work_item.spec_check_for_modification IS 'Service work that checks specifications premised on a conservative modification: its effort counts as modification effort (§5.2.1②)';
COMMENT ON COLUMN @extschema@.work_item.internal_handover IS 'Handover caused by a staff change inside the contractor: recorded but not counted (§5.3)';
COMMENT ON COLUMN @extschema@.work_item.immediate_response IS 'For a failure: whether an immediate response is needed (tables 3 and 4); passed to response_due';
COMMENT ON COLUMN @extschema@.work_item.response_due_at IS 'For a failure: when the response must start, computed by response_due when the failure is reported and stored; never recomputed';
COMMENT ON COLUMN @extschema@.work_item.response_started_at IS 'For a failure: when the response started (the time of the transition to acknowledged); never changed afterwards';
COMMENT ON COLUMN @extschema@.work_item.release_ref IS 'Reference of the release material (tag, commit, package id); a change bumps content_changed_at';
COMMENT ON COLUMN @extschema@.work_item.content_changed_at IS 'The last change to the item (rule 3): requested_at on creation; bumped to now() when title, detail, sub_kind, release_ref or the item''s systems change and to the status time when the item enters a status marked bumps_content (rework); release evidence and the release approval must be later';
COMMENT ON COLUMN @extschema@.work_item.source IS 'External system that reported the item (with dedupe_key: idempotent intake)';
COMMENT ON COLUMN @extschema@.work_item.dedupe_key IS 'Key of the item in the source system; unique per contract and source';
COMMENT ON COLUMN @extschema@.work_item.created_at IS 'When the item was entered into the ledger';
CREATE INDEX work_item_status_idx ON @extschema@.work_item (contract_id, kind, status);
CREATE INDEX work_item_parent_idx ON @extschema@.work_item (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX work_item_menu_item_idx ON @extschema@.work_item (contract_id, menu_item_id) WHERE menu_item_id IS NOT NULL;
CREATE INDEX work_item_requested_by_idx ON @extschema@.work_item (contract_id, requested_by);
CREATE INDEX work_item_created_by_idx ON @extschema@.work_item (contract_id, created_by);
CREATE INDEX work_item_status_changed_by_idx ON @extschema@.work_item (contract_id, status_changed_by);
CREATE INDEX work_item_kind_status_idx ON @extschema@.work_item (kind, status);
CREATE INDEX work_item_sub_kind_idx ON @extschema@.work_item (kind, sub_kind);
CREATE INDEX work_item_due_idx ON @extschema@.work_item (due_on) WHERE due_on IS NOT NULL;

CREATE TABLE @extschema@.work_item_system (
	item_id				bigint NOT NULL REFERENCES @extschema@.work_item ON DELETE CASCADE,
	system_code			text NOT NULL REFERENCES @extschema@.system,
	PRIMARY KEY (item_id, system_code)
);
COMMENT ON TABLE @extschema@.work_item_system IS 'The systems a work item concerns';
COMMENT ON COLUMN @extschema@.work_item_system.item_id IS 'The work item';
COMMENT ON COLUMN @extschema@.work_item_system.system_code IS 'One system it concerns';
CREATE INDEX work_item_system_system_idx ON @extschema@.work_item_system (system_code);

-- ------------------------------------------------------------- approval
CREATE TABLE @extschema@.approval_subject (
	subject				text PRIMARY KEY,
	description			text NOT NULL,
	seeded				boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.approval_subject IS 'What an approval can be about; a city may add its own';
COMMENT ON COLUMN @extschema@.approval_subject.subject IS 'Name of the subject';
COMMENT ON COLUMN @extschema@.approval_subject.description IS 'What approving it means';
COMMENT ON COLUMN @extschema@.approval_subject.seeded IS 'True for rows shipped with the extension (read-only, not dumped)';
INSERT INTO @extschema@.approval_subject (subject, description, seeded) VALUES
	('procedure', 'A procedure document (作業手順書) explained to and approved by the city before execution (§5.2.1⑥, §5.2.4⑤)', true),
	('planned_effort', 'The planned effort of a modification, presented before work starts (§5.2.3)', true),
	('release', 'Release to production by the city''s staff after staging tests and Jenkins (§5.2.4⑥)', true),
	('estimate', 'An impact analysis and estimate (影響調査結果及び見積書, §5.2.1④)', true),
	('closed_day_attendance', 'The agreement on attendance on a closed day, made in advance (§5.2.1⑤)', true),
	('deadline_change', 'A new due date agreed before the old one passes (§5.2.4⑨); subject_ref names the deadline_change_id', true),
	('class_b_decision', 'The joint decision to modify for a class B failure (table 1)', true),
	('reopen_month', 'Reopening a closed month for effort logging; subject_ref names the month', true),
	('cap_extension', 'An additional contract raising an effort cap (§5.2.1.2, §5.2.3.2)', true),
	('roster_change', 'A change of the roster or of the designated roles (§6)', true);

CREATE TABLE @extschema@.approval (
	approval_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	item_id				bigint,
	subject				text NOT NULL REFERENCES @extschema@.approval_subject,
	subject_ref			text,
	approver_id			bigint NOT NULL,
	decision			text NOT NULL,
	decided_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	note				text,
	CONSTRAINT approval_item_fkey FOREIGN KEY (contract_id, item_id)
		REFERENCES @extschema@.work_item (contract_id, item_id),
	CONSTRAINT approval_approver_fkey FOREIGN KEY (contract_id, approver_id)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT approval_decision_check
		CHECK (decision OPERATOR(pg_catalog.=) ANY ('{approved,rejected}'::text[])),
	CONSTRAINT approval_recorded_check CHECK (decided_at OPERATOR(pg_catalog.<=) recorded_at),
	CONSTRAINT approval_target_check CHECK (item_id IS NOT NULL OR subject_ref IS NOT NULL)
);
COMMENT ON TABLE @extschema@.approval IS
  'Who approved or rejected what, when; only a city person approves, never their own request; rows are immutable';
COMMENT ON COLUMN @extschema@.approval.approval_id IS 'Identifier of the approval';
COMMENT ON COLUMN @extschema@.approval.contract_id IS 'Contract it belongs to (the item''s contract)';
COMMENT ON COLUMN @extschema@.approval.item_id IS 'The work item approved, NULL for a subject that is not an item (then subject_ref names it)';
COMMENT ON COLUMN @extschema@.approval.subject IS 'What is approved (omledger.approval_subject)';
COMMENT ON COLUMN @extschema@.approval.subject_ref IS 'Identifies a non-item subject (e.g. 2025-10 for reopen_month) or a part of the item (the deadline_change_id of a deadline_change)';
COMMENT ON COLUMN @extschema@.approval.approver_id IS 'The city person who decided (the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.approval.decision IS 'approved or rejected';
COMMENT ON COLUMN @extschema@.approval.decided_at IS 'When the decision was made (may be earlier than recorded_at for a decision on paper)';
COMMENT ON COLUMN @extschema@.approval.recorded_at IS 'When the decision was entered into the ledger';
COMMENT ON COLUMN @extschema@.approval.note IS 'Free-text note (conditions, reasons)';
CREATE INDEX approval_item_idx ON @extschema@.approval (item_id, subject, decided_at) WHERE item_id IS NOT NULL;
CREATE INDEX approval_subject_ref_idx ON @extschema@.approval (contract_id, subject, subject_ref);
CREATE INDEX approval_approver_idx ON @extschema@.approval (contract_id, approver_id);

-- ------------------------------------------------------------- evidence
CREATE TABLE @extschema@.evidence_type (
	evidence_type		text PRIMARY KEY,
	description			text NOT NULL,
	seeded				boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.evidence_type IS 'Types of evidence; a city may add its own';
COMMENT ON COLUMN @extschema@.evidence_type.evidence_type IS 'Name of the type';
COMMENT ON COLUMN @extschema@.evidence_type.description IS 'What the evidence shows';
COMMENT ON COLUMN @extschema@.evidence_type.seeded IS 'True for rows shipped with the extension (read-only, not dumped)';
INSERT INTO @extschema@.evidence_type (evidence_type, description, seeded) VALUES
	('staging_test', 'Tests run in the staging environment per the test definition, with evidence (§5.2.4②⑥)', true),
	('jenkins_run', 'A run of the city''s Jenkins on the release material (§5.2.4⑥)', true),
	('inspection', 'An inspection of the deliverables (§5.2.4②)', true),
	('procedure_document', 'A procedure document (作業手順書) for the work (§5.2.4⑤)', true),
	('major_incident_report', 'The major incident report (重大障害報告書, §5.2.1④)', true),
	('predecessor_confirmation', 'The previous contractor''s final confirmation of work done during handover (§5.3.3)', true),
	('minutes', 'Minutes of a meeting (§5.2.1③, §7.7)', true),
	('impact_analysis', 'An impact analysis report (影響調査結果, §5.2.1④)', true),
	('estimate', 'An estimate (見積書, §5.2.1④)', true),
	('monthly_report', 'The monthly report (月次報告書, §5.2.1④)', true),
	('handover_report', 'A weekly or final handover report agreed by both contractors (§5.3.2)', true);

CREATE TABLE @extschema@.evidence (
	evidence_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	item_id				bigint NOT NULL,
	evidence_type		text NOT NULL REFERENCES @extschema@.evidence_type,
	reference			text,
	result				text,
	performed_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_by			bigint,
	note				text,
	CONSTRAINT evidence_item_fkey FOREIGN KEY (contract_id, item_id)
		REFERENCES @extschema@.work_item (contract_id, item_id),
	CONSTRAINT evidence_recorded_by_fkey FOREIGN KEY (contract_id, recorded_by)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT evidence_result_check
		CHECK (result OPERATOR(pg_catalog.=) ANY ('{pass,fail}'::text[])),
	CONSTRAINT evidence_recorded_check CHECK (performed_at OPERATOR(pg_catalog.<=) recorded_at)
);
COMMENT ON TABLE @extschema@.evidence IS
  'Typed evidence on a work item (tests, Jenkins runs, inspections, reports, confirmations); rows are immutable, a correction is a new row';
COMMENT ON COLUMN @extschema@.evidence.evidence_id IS 'Identifier of the evidence';
COMMENT ON COLUMN @extschema@.evidence.contract_id IS 'Contract it belongs to (the item''s contract)';
COMMENT ON COLUMN @extschema@.evidence.item_id IS 'The work item it is evidence for';
COMMENT ON COLUMN @extschema@.evidence.evidence_type IS 'Type of the evidence (omledger.evidence_type)';
COMMENT ON COLUMN @extschema@.evidence.reference IS 'Where it is: a URL, a document id, a Jenkins build number';
COMMENT ON COLUMN @extschema@.evidence.result IS 'pass or fail for tests, runs and inspections; NULL for documents';
COMMENT ON COLUMN @extschema@.evidence.performed_at IS 'When the test, run, inspection or confirmation took place; rule 3 compares it with content_changed_at';
COMMENT ON COLUMN @extschema@.evidence.recorded_at IS 'When the evidence was entered into the ledger';
COMMENT ON COLUMN @extschema@.evidence.recorded_by IS 'Roster entry that recorded it (the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.evidence.note IS 'Free-text note';
CREATE INDEX evidence_item_idx ON @extschema@.evidence (item_id, evidence_type, performed_at);
CREATE INDEX evidence_recorded_by_idx ON @extschema@.evidence (contract_id, recorded_by);
CREATE INDEX evidence_type_idx ON @extschema@.evidence (evidence_type);

-- ------------------------------------------------------ deadline_change
CREATE TABLE @extschema@.deadline_change (
	deadline_change_id	bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	item_id				bigint NOT NULL,
	old_due_on			date,
	new_due_on			date NOT NULL,
	reason				text NOT NULL,
	expected_completion	date NOT NULL,
	notified_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	late_notice			boolean NOT NULL DEFAULT false,
	recorded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_by			bigint,
	CONSTRAINT deadline_change_item_fkey FOREIGN KEY (contract_id, item_id)
		REFERENCES @extschema@.work_item (contract_id, item_id),
	CONSTRAINT deadline_change_recorded_by_fkey FOREIGN KEY (contract_id, recorded_by)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT deadline_change_completion_check
		CHECK (expected_completion OPERATOR(pg_catalog.<=) new_due_on)
);
COMMENT ON TABLE @extschema@.deadline_change IS
  'A deadline that will be missed (§5.2.4⑨): reason and expected completion told to the city, and the new due date; agreed by a deadline_change approval whose subject_ref is the deadline_change_id';
COMMENT ON COLUMN @extschema@.deadline_change.deadline_change_id IS 'Identifier of the change';
COMMENT ON COLUMN @extschema@.deadline_change.contract_id IS 'Contract it belongs to (the item''s contract)';
COMMENT ON COLUMN @extschema@.deadline_change.item_id IS 'The work item';
COMMENT ON COLUMN @extschema@.deadline_change.old_due_on IS 'The due date in force when the change was recorded (filled in by the trigger)';
COMMENT ON COLUMN @extschema@.deadline_change.new_due_on IS 'The proposed new due date';
COMMENT ON COLUMN @extschema@.deadline_change.reason IS 'Why the old date cannot be met';
COMMENT ON COLUMN @extschema@.deadline_change.expected_completion IS 'Expected completion date (完了目途), no later than the new due date';
COMMENT ON COLUMN @extschema@.deadline_change.notified_at IS 'When the city was told';
COMMENT ON COLUMN @extschema@.deadline_change.late_notice IS 'Set by the trigger: the city was told after the old due date had passed (Japan time); accepted, but late';
COMMENT ON COLUMN @extschema@.deadline_change.recorded_at IS 'When the change was entered into the ledger';
COMMENT ON COLUMN @extschema@.deadline_change.recorded_by IS 'Roster entry that recorded it (the person mapped to current_user)';
CREATE INDEX deadline_change_item_idx ON @extschema@.deadline_change (item_id);
CREATE INDEX deadline_change_recorded_by_idx ON @extschema@.deadline_change (contract_id, recorded_by);

-- ------------------------------------------------------ work_item_event
CREATE TABLE @extschema@.work_item_event (
	event_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	item_id				bigint NOT NULL,
	from_status			text,
	to_status			text NOT NULL,
	occurred_at			timestamptz NOT NULL,
	recorded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	actor_id			bigint,
	db_user				name NOT NULL DEFAULT CURRENT_USER,
	CONSTRAINT work_item_event_item_fkey FOREIGN KEY (contract_id, item_id)
		REFERENCES @extschema@.work_item (contract_id, item_id),
	CONSTRAINT work_item_event_actor_fkey FOREIGN KEY (contract_id, actor_id)
		REFERENCES @extschema@.person (contract_id, person_id)
);
COMMENT ON TABLE @extschema@.work_item_event IS
  'The history of every status change of every work item, written by the workflow trigger; append-only';
COMMENT ON COLUMN @extschema@.work_item_event.event_id IS 'Identifier of the event; increases with time within an item';
COMMENT ON COLUMN @extschema@.work_item_event.contract_id IS 'Contract it belongs to (the item''s contract)';
COMMENT ON COLUMN @extschema@.work_item_event.item_id IS 'The work item';
COMMENT ON COLUMN @extschema@.work_item_event.from_status IS 'Status before the change, NULL when the item was created';
COMMENT ON COLUMN @extschema@.work_item_event.to_status IS 'Status after the change';
COMMENT ON COLUMN @extschema@.work_item_event.occurred_at IS 'When the change happened (the item''s status_changed_at)';
COMMENT ON COLUMN @extschema@.work_item_event.recorded_at IS 'When the change was entered into the ledger';
COMMENT ON COLUMN @extschema@.work_item_event.actor_id IS 'Roster entry that made the change';
COMMENT ON COLUMN @extschema@.work_item_event.db_user IS 'Database role that made the change (current_user)';
CREATE INDEX work_item_event_item_idx ON @extschema@.work_item_event (item_id, event_id);
CREATE INDEX work_item_event_actor_idx ON @extschema@.work_item_event (contract_id, actor_id);
CREATE INDEX work_item_event_occurred_idx ON @extschema@.work_item_event (contract_id, occurred_at);

-- ------------------------------------------------ pg_dump of user data
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_item', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_item_system', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.approval_subject', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.approval', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.evidence_type', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.evidence', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.deadline_change', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_item_event', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_item_item_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.approval_approval_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.evidence_evidence_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.deadline_change_deadline_change_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_item_event_event_id_seq', '');
