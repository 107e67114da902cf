\echo Use "CREATE EXTENSION omledger" to load this file. \quit

-- ====================================================================
-- contact data of the roster (new in 0.4)
-- The roster's phone numbers and e-mail addresses are personal data that
-- only the city and the contract's leads need (to reach someone out of
-- hours).  They live in their own table rather than in person: the reader
-- (BI) and every contractor read person, and a column privilege cannot
-- tell one contract's lead from another contractor.  So person_contact:
--   omledger_city        reads and keeps every row;
--   omledger_contractor  SELECT, narrowed by its policy to the contracts on
--                        whose roster the role is today a site_lead,
--                        business_lead or deputy_site_lead; a worker sees
--                        none;
--   omledger_reader, omledger_admin: no privilege at all (permission
--                        denied).
-- The policy asks visible_contracts() (86_row_security.sql) for the
-- contracts on whose roster the caller holds one of the three roles today
-- (NULL, every row, for a role that is not restricted).
-- Not marked for pg_dump's filter of seeded rows: every row is the city's.
-- ====================================================================

CREATE TABLE @extschema@.person_contact (
	contract_id			bigint NOT NULL,
	person_id			bigint NOT NULL,
	phone				text,
	email				text,
	PRIMARY KEY (person_id),
	CONSTRAINT person_contact_person_fkey FOREIGN KEY (contract_id, person_id)
		REFERENCES @extschema@.person (contract_id, person_id) ON DELETE CASCADE,
	CONSTRAINT person_contact_email_check
		CHECK (email OPERATOR(pg_catalog.~) '^[^@[:space:]]+@[^@[:space:]]+$'),
	CONSTRAINT person_contact_phone_check
		CHECK (phone OPERATOR(pg_catalog.~) '^\+?[0-9][0-9 ()-]{3,}[0-9]$')
);
COMMENT ON TABLE @extschema@.person_contact IS
  'Contact data of a roster entry: readable by the city and by the leads (site_lead, business_lead, deputy_site_lead) of that contract''s roster, by nobody else';
COMMENT ON COLUMN @extschema@.person_contact.contract_id IS 'Contract of the roster entry (with person_id: the entry)';
COMMENT ON COLUMN @extschema@.person_contact.person_id IS 'The roster entry (omledger.person)';
COMMENT ON COLUMN @extschema@.person_contact.phone IS 'Telephone number (digits, spaces, hyphens, parentheses, a leading +)';
COMMENT ON COLUMN @extschema@.person_contact.email IS 'E-mail address';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.person_contact', '');

CREATE POLICY contact_rows ON @extschema@.person_contact
  USING (coalesce(contract_id OPERATOR(pg_catalog.=) ANY ((SELECT @extschema@.visible_contracts(
           CURRENT_USER, '{site_lead,business_lead,deputy_site_lead}'))::bigint[]), true));
COMMENT ON POLICY contact_rows ON @extschema@.person_contact IS
  'a contractor (omledger_contractor, not city nor admin) sees the contact data of the contracts on whose roster it is today a site_lead, business_lead or deputy_site_lead; the city every row';
ALTER TABLE @extschema@.person_contact ENABLE ROW LEVEL SECURITY;
