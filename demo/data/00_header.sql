-- The demo data set: a contract like Sapporo's 令和7年度 O&M contract,
-- with a few months of work.  Each concept adds its part as it lands.
SET search_path = omledger, public;
