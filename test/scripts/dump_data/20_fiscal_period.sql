-- fiscal_period: a user table with a fiscal_period column, a btree and a hash
-- index on it, and a default written in the wareki style.
CREATE TABLE fp_budget (
  period omledger.fiscal_period PRIMARY KEY,
  label  text NOT NULL,
  due    omledger.fiscal_period NOT NULL DEFAULT '令和7年度下期'
);
CREATE INDEX fp_budget_due ON fp_budget USING hash (due);
INSERT INTO fp_budget (period, label)
SELECT p, omledger.fiscal_period_text(p, 'wareki')
FROM omledger.fiscal_periods('FY1926'::omledger.fiscal_period, 'FY2200') AS p;
INSERT INTO fp_budget (period, label, due) VALUES
  ('FY2025-H2', 'second half', 'FY2025'), ('平成31年度第1四半期', 'era change', '2019-05'),
  ('1989-01', '昭和64年1月', '平成元年2月'), ('FY1873', 'first', 'FY9998-Q4');
