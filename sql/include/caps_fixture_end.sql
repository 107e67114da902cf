ROLLBACK;
SELECT bool_and(pg_catalog.setval(seq, COALESCE(last, seqstart), last IS NOT NULL) IS NOT NULL)
       AS sequences_restored
  FROM caps_seq;
DROP TABLE caps_seq;
-- the roles went with the rollback
SELECT count(*) AS roles_left FROM pg_roles
 WHERE rolname IN ('omledger_reader', 'omledger_contractor', 'omledger_city')
    OR rolname LIKE 'om\_test\_caps\_%';
