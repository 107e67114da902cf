\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- information security incidents: a kind of work of their own (new in 0.4)
-- The security annex (セキュリティ保全に係る事項, 5) says: when an
-- information security incident occurs (a leak, loss, destruction, damage
-- or theft of the city's information assets -- the annex's preamble --, a
-- breach of its rules on terminals, rooms and accounts, 2-4), report it to
-- the city promptly (速やかに) and cooperate with the city's investigation
-- and response; the incident report (事故報告書) is submitted when the city
-- asks for it (table of §9).  0.3 had no place for them but a failure
-- recovery, which is a system failure (§5.2.2) with another clock and
-- other rules.  Now:
--   * a kind, security_incident, in the work_kind domain (its CHECK
--     constraint is replaced: ALTER DOMAIN validates every column of the
--     type against the new list);
--   * its state machine, seeded: detected -> reported_to_city (the
--     response clock stops: the city was told) -> contained -> closed, or
--     reported_to_city -> closed / cancelled (nothing to contain; not an
--     incident).  Closing and cancelling need the city's decision: the new
--     precondition city_closure (src/workflow_rules.c, OM430): the latest
--     approval of subject incident_closure on the item is an approval.  A
--     detected incident cannot be cancelled before the city is told: the
--     annex wants every one reported;
--   * its response clock: the party security_incident in
--     response_allowance, 0 in hours and 0 out of hours, so the report is
--     due at the moment the incident occurred or was detected, at any hour
--     and on closed days too (response_due with immediate = true: 0
--     allowance out of hours is earlier than the next opening).  The city
--     configures it like the other parties (the administrator edits the
--     row; the stored clock of reported incidents never changes, rule 10).
--     The workflow trigger stores the clock for this kind with that party
--     (src/workflow_item.c); an incident is always immediate and has its
--     occurred_at (CHECK);
--   * its sub-kinds (what happened), an approval subject incident_closure
--     and an evidence type incident_report (事故報告書);
--   * its effort is charged to failure_recovery (no cap; src/core/caps.c):
--     the caps know five categories, and the kind keeps the work apart.
-- ====================================================================

ALTER DOMAIN @extschema@.work_kind DROP CONSTRAINT work_kind_check;
ALTER DOMAIN @extschema@.work_kind ADD CONSTRAINT work_kind_check
  CHECK (VALUE OPERATOR(pg_catalog.=) ANY ('{menu_task,service_request,failure_recovery,modification,handover,security_incident}'::text[]));
COMMENT ON DOMAIN @extschema@.work_kind IS
  'a kind of work: menu_task (§5.1), service_request (§5.2.1), failure_recovery (§5.2.2), modification (§5.2.3), handover (§5.3) or security_incident (security annex 5)';
COMMENT ON COLUMN @extschema@.work_item.kind IS
  'menu_task (§5.1), service_request (§5.2.1), failure_recovery (§5.2.2), modification (§5.2.3), handover (§5.3) or security_incident (information security incident, security annex 5)';

ALTER TABLE @extschema@.work_item
  ADD CONSTRAINT work_item_security_incident_check
    CHECK (kind OPERATOR(pg_catalog.<>) 'security_incident'
           OR (occurred_at IS NOT NULL AND immediate_response));
COMMENT ON CONSTRAINT work_item_security_incident_check ON @extschema@.work_item IS
  'a security incident has the time it occurred or was detected, and is reported to the city at once, at any hour (immediate_response)';

-- the precondition: a name the engine implements (src/core/workflow.c)
ALTER TABLE @extschema@.workflow_transition DROP CONSTRAINT workflow_transition_requires_check;
ALTER TABLE @extschema@.workflow_transition ADD CONSTRAINT workflow_transition_requires_check
  CHECK (requires OPERATOR(pg_catalog.<@) '{procedure_approved,planned_effort_approved,release_ready,major_incident_report,prior_agreement,failure_class,predecessor_confirmation,handover_report,city_closure}'::text[]
         AND pg_catalog.array_position(requires, NULL) IS NULL);
COMMENT ON COLUMN @extschema@.workflow_transition.requires IS
  'Named preconditions checked by the trigger: procedure_approved (rule 1), planned_effort_approved (2), release_ready (3), major_incident_report (4), prior_agreement (5), failure_class (6), predecessor_confirmation (7), handover_report, city_closure (a security incident: the city decided to close it)';

INSERT INTO @extschema@.approval_subject (subject, description, seeded) VALUES
  ('incident_closure', 'The city''s decision that an information security incident is closed (or was none), after its investigation (security annex 5)', true);
INSERT INTO @extschema@.evidence_type (evidence_type, description, seeded) VALUES
  ('incident_report', 'The incident report (事故報告書) on a security incident, submitted when the city asks for it (§9)', true);

INSERT INTO @extschema@.work_sub_kind
  (kind, sub_kind, spec_ref, title_ja, title_en, requires_procedure, requires_prior_agreement, seeded) VALUES
  ('security_incident', 'leak', 'security annex 2, 5', '情報資産の漏洩', 'Leak or disclosure of information assets', false, false, true),
  ('security_incident', 'loss', 'security annex 5', '情報資産の紛失・盗難', 'Loss or theft of information assets (documents, media, IC cards)', false, false, true),
  ('security_incident', 'destruction', 'security annex 5', '情報資産の滅失・毀損', 'Destruction of or damage to information assets', false, false, true),
  ('security_incident', 'unauthorised_access', 'security annex 3(3), 4', '不正アクセス・目的外利用', 'Access to assets outside the work, or use for another purpose', false, false, true),
  ('security_incident', 'rule_breach', 'security annex 2, 3', '遵守事項違反', 'A breach of the rules on copying, terminals, rooms or accounts', false, false, true);

INSERT INTO @extschema@.workflow_status
  (kind, status, is_initial, is_terminal, starts_response, bumps_content, sort_order, description, seeded) VALUES
  ('security_incident', 'detected', true, false, false, false, 10, 'Detected by or made known to the contractor; the clock to report it to the city runs', true),
  ('security_incident', 'reported_to_city', false, false, true, false, 20, 'Reported to the city (security annex 5: promptly); the response clock stops here', true),
  ('security_incident', 'contained', false, false, false, false, 30, 'Contained: the leak, loss or breach stopped; the city investigates with the contractor''s help', true),
  ('security_incident', 'closed', false, true, false, false, 40, 'Closed by the city''s decision', true),
  ('security_incident', 'cancelled', false, true, false, false, 50, 'Not an incident, by the city''s decision', true);

INSERT INTO @extschema@.workflow_transition (kind, from_status, to_status, requires, description, seeded) VALUES
  ('security_incident', 'detected', 'reported_to_city', '{}', 'Reported to the city (security annex 5)', true),
  ('security_incident', 'reported_to_city', 'contained', '{}', 'Contained', true),
  ('security_incident', 'reported_to_city', 'closed', '{city_closure}', 'Closed by the city: nothing to contain', true),
  ('security_incident', 'reported_to_city', 'cancelled', '{city_closure}', 'Not an incident, by the city''s decision', true),
  ('security_incident', 'contained', 'closed', '{city_closure}', 'Closed by the city after its investigation', true);

INSERT INTO @extschema@.response_allowance (party, out_of_hours, in_hours, seeded) VALUES
  ('security_incident', interval '0', interval '0', true);
