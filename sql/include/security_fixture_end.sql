ROLLBACK;
SELECT bool_and(pg_catalog.setval(seq, COALESCE(last, seqstart), last IS NOT NULL) IS NOT NULL)
       AS sequences_restored
  FROM sec_seq;
DROP TABLE sec_seq;
-- the roles went with the rollback
SELECT count(*) AS roles_left FROM pg_roles
 WHERE rolname IN ('omledger_admin', 'omledger_city', 'omledger_contractor', 'omledger_reader', 'omledger_intake')
    OR rolname LIKE 'om\_test\_sec\_%';
