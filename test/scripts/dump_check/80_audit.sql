-- The audit log comes back as it was (the restore's COPY writes no audit
-- rows of its own), and its chains still verify.
SELECT count(*) > 20 AS audit_rows_present, count(DISTINCT table_name) AS tables_audited
FROM omledger.audit_log;
SELECT audit_id, chain, seq, table_name, operation, row_key, old_row, new_row, encode(row_hash, 'hex') AS row_hash
FROM omledger.audit_log ORDER BY audit_id;
SELECT chain, last_seq, last_id, encode(last_hash, 'hex') AS last_hash FROM omledger.audit_chain ORDER BY chain;
SELECT * FROM omledger.verify_audit_chain();
-- the next audit row continues the sequence, not a restored id
SELECT pg_catalog.nextval('omledger.audit_log_audit_id_seq') > max(audit_id) AS sequence_restored
FROM omledger.audit_log;
