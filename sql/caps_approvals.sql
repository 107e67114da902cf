-- One approval, one additional contract (追加契約): a cap extension needs
-- an approved additional_contract decision (0.3's subject cap_extension is
-- still accepted) of a city person of the same contract, used by no other
-- extension (OM109, OM112).  As the city desk and a contractor would try it.
\i sql/include/caps_fixture.sql
SELECT subject, seeded FROM approval_subject
 WHERE subject IN ('additional_contract', 'cap_extension') ORDER BY 1;

SET ROLE om_test_caps_city;
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'additional_contract', 'AC-1', 'approved') RETURNING approval_id AS ac1 \gset
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'additional_contract', 'AC-2', 'approved') RETURNING approval_id AS ac2 \gset
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'cap_extension', 'AC-0.3', 'approved') RETURNING approval_id AS legacy \gset
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'additional_contract', 'AC-R', 'rejected') RETURNING approval_id AS rejected \gset
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'reopen_month', '2025-11', 'approved') RETURNING approval_id AS other_subject \gset
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c2, 'additional_contract', 'AC-C2', 'approved') RETURNING approval_id AS other_contract \gset
SELECT count(*) AS approvals_recorded FROM approval WHERE contract_id IN (:c, :c2);
RESET ROLE;
-- only the city approves: a contractor has no right to record one, and
-- the workflow trigger refuses one naming a contractor as the approver
-- (OM210); one that got in past the triggers backs nothing (below)
SET ROLE om_test_caps_worker;
INSERT INTO approval (contract_id, subject, subject_ref, decision)
VALUES (:c, 'additional_contract', 'AC-W', 'approved');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision)
VALUES (:c, 'additional_contract', 'AC-W', :wk, 'approved');
\echo :LAST_ERROR_SQLSTATE
SET session_replication_role = replica;
INSERT INTO approval (contract_id, subject, subject_ref, approver_id, decision)
VALUES (:c, 'additional_contract', 'AC-W', :wk, 'approved') RETURNING approval_id AS by_contractor \gset
RESET session_replication_role;

SET ROLE om_test_caps_city;
-- refused: a contractor's, a rejected one, another subject, another contract's
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'term', '20pd', '[2025-10-01,2028-01-01)', 'AC-W', :by_contractor);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'term', '20pd', '[2025-10-01,2028-01-01)', 'AC-R', :rejected);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'term', '20pd', '[2025-10-01,2028-01-01)', 'AC-1', :other_subject);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'term', '20pd', '[2025-10-01,2028-01-01)', 'AC-C2', :other_contract);
\echo :LAST_ERROR_SQLSTATE
-- accepted: a term extension of 1pm with its approval
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'term', '1pm', '[2025-10-01,2028-01-01)', 'AC-1', :ac1)
RETURNING extension_id AS ext1, scope, extra \gset
\echo :scope :extra
-- a second one with the same approval: refused, also in one statement
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'term', '1pm', '[2025-10-01,2028-01-01)', 'AC-1 again', :ac1);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '1pd', '[2025-11-01,2025-12-01)', 'AC-2', :ac2),
       (:c, 'service', 'month', '1pd', '[2025-12-01,2026-01-01)', 'AC-2', :ac2);
\echo :LAST_ERROR_SQLSTATE
-- with an approval of its own it is accepted; 0.3's subject still backs one
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '1pd', '[2025-11-01,2025-12-01)', 'AC-2', :ac2)
RETURNING extension_id AS ext2 \gset
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'month', '1pd', '[2025-12-01,2026-01-01)', 'AC-0.3', :legacy)
RETURNING extension_id AS ext3 \gset
-- an extension cannot be moved onto an approval another one uses...
UPDATE cap_extension SET approval_id = :ac1 WHERE extension_id = :ext2;
\echo :LAST_ERROR_SQLSTATE
-- ...but keeps its own when edited
UPDATE cap_extension SET reference = 'AC-1 (signed)' WHERE extension_id = :ext1 RETURNING reference;
SELECT reference, scope, extra, approval_id = :ac1 AS ac1, approval_id = :ac2 AS ac2,
       approval_id = :legacy AS legacy
  FROM cap_extension WHERE contract_id = :c ORDER BY extension_id;
RESET ROLE;
-- the unique constraint settles it even past the trigger
SET session_replication_role = replica;
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'term', '1pm', '[2025-10-01,2028-01-01)', 'AC-1 again', :ac1);
\echo :LAST_ERROR_SQLSTATE
RESET session_replication_role;
-- the extensions count: 3pd + 1pm term, 2pd + 1pd in November
SELECT category, month_cap, term_cap FROM cap_status(:c, '2025-11') WHERE category = 'service';
-- a contractor records none
SET ROLE om_test_caps_worker;
INSERT INTO cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (:c, 'service', 'term', '1pm', '[2025-10-01,2028-01-01)', 'AC-2', :ac2);
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

\i sql/include/caps_fixture_end.sql
