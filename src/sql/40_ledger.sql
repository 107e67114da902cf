/*
 * 40_ledger.sql -- the ledger: contracts, systems, the roster, the O&M menu,
 * work items, approvals, evidence, deadline changes and the status history.
 *
 * Every row knows its contract (directly, or through a composite foreign key
 * that pins it to its item's contract), every time is a timestamptz, and the
 * history tables (approval, evidence, deadline_change, work_item_event) are
 * append-only: corrections are new rows, never rewrites.
 *
 * Lookup tables that a city may extend carry a "seeded" flag: the rows the
 * extension ships are seeded = true, are read-only (omledger.protect_seeded),
 * and are left out of pg_dump by the pg_extension_config_dump filter, so a
 * restore does not insert them twice.  Rows a city adds are dumped.
 *
 * The triggers that enforce the contract are created in 42_workflow.sql.
 */

-- ------------------------------------------------------------- contract
CREATE TABLE @extschema@.contract (
	contract_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name				text NOT NULL,
	contractor			text NOT NULL,
	roles				text[] NOT NULL,
	term				daterange NOT NULL,
	handover_in			daterange,
	handover_out		daterange,
	previous_contractor	text,
	next_contractor		text,
	created_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CONSTRAINT contract_roles_check
		CHECK (roles OPERATOR(pg_catalog.<@) '{operator,vendor}'::text[]
			   AND pg_catalog.cardinality(roles) OPERATOR(pg_catalog.>) 0),
	CONSTRAINT contract_term_check
		CHECK (NOT pg_catalog.isempty(term) AND NOT pg_catalog.lower_inf(term)
			   AND NOT pg_catalog.upper_inf(term)),
	CONSTRAINT contract_handover_in_check
		CHECK (handover_in IS NULL OR term OPERATOR(pg_catalog.@>) handover_in),
	CONSTRAINT contract_handover_out_check
		CHECK (handover_out IS NULL OR NOT pg_catalog.isempty(handover_out))
);
COMMENT ON TABLE @extschema@.contract IS
  'An O&M contract (業務委託契約): the root every ledger row belongs to';
COMMENT ON COLUMN @extschema@.contract.contract_id IS 'Identifier of the contract';
COMMENT ON COLUMN @extschema@.contract.name IS 'Name of the contract (業務名), e.g. 令和7年度 基幹系システム運用保守業務（住民記録等）';
COMMENT ON COLUMN @extschema@.contract.contractor IS 'The contractor (受託者)';
COMMENT ON COLUMN @extschema@.contract.roles IS 'Roles the contractor plays: a non-empty subset of {operator,vendor} (業務運用業者, 保守ベンダー)';
COMMENT ON COLUMN @extschema@.contract.term IS 'Term of the contract (業務履行期間), a bounded date range';
COMMENT ON COLUMN @extschema@.contract.handover_in IS 'Handover period from the previous contractor (§5.3), inside the term; NULL if none';
COMMENT ON COLUMN @extschema@.contract.handover_out IS 'Handover period to the next contractor (§5.3, after the term); NULL if none or not yet known';
COMMENT ON COLUMN @extschema@.contract.previous_contractor IS 'The previous contractor (引継元業者), if any';
COMMENT ON COLUMN @extschema@.contract.next_contractor IS 'The next contractor (次期受託者), if known and different';
COMMENT ON COLUMN @extschema@.contract.created_at IS 'When the contract was entered into the ledger';

-- --------------------------------------------------------------- system
CREATE TABLE @extschema@.system (
	system_code			text PRIMARY KEY,
	name_ja				text NOT NULL,
	name_en				text NOT NULL,
	retired_on			date,
	seeded				boolean NOT NULL DEFAULT false,
	CONSTRAINT system_code_check CHECK (system_code OPERATOR(pg_catalog.~) '^[A-Z][A-Z0-9_]{1,15}$')
);
COMMENT ON TABLE @extschema@.system IS
  'The target systems (対象システム, §3.1); the eight of Sapporo''s contract are seeded, a city adds and retires its own';
COMMENT ON COLUMN @extschema@.system.system_code IS 'Short code of the system, upper case (e.g. SJK)';
COMMENT ON COLUMN @extschema@.system.name_ja IS 'Japanese name of the system';
COMMENT ON COLUMN @extschema@.system.name_en IS 'English name of the system';
COMMENT ON COLUMN @extschema@.system.retired_on IS 'First day the system is no longer in service; NULL while in service';
COMMENT ON COLUMN @extschema@.system.seeded IS 'True for rows shipped with the extension (read-only, not dumped)';

INSERT INTO @extschema@.system (system_code, name_ja, name_en, seeded) VALUES
	('SJK', '住民記録システム', 'Resident Records System', true),
	('SKT', '企画統計システム', 'Planning Statistics System', true),
	('ATC', '市民情報抽出システム', 'Citizen Information Extraction System', true),
	('ATE', '他課閲覧システム', 'Inter-Department Inquiry System', true),
	('GGR', '学齢簿システム', 'School-Age Register System', true),
	('GTU', '通区ユニットシステム', 'School District Unit System', true),
	('GSK', '就学時健康診断システム', 'Pre-School Health Check System', true),
	('SNK', '選挙事務システム', 'Election Administration System', true);

-- --------------------------------------------------------------- person
CREATE TABLE @extschema@.person (
	person_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	name				text NOT NULL,
	organisation		text,
	side				text NOT NULL,
	db_role				name,
	registered			daterange NOT NULL,
	approved_on			date,
	roles				text[] NOT NULL DEFAULT '{}',
	created_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CONSTRAINT person_contract_person_key UNIQUE (contract_id, person_id),
	CONSTRAINT person_side_check
		CHECK (side OPERATOR(pg_catalog.=) ANY ('{city,contractor,predecessor,successor,modification_vendor}'::text[])),
	CONSTRAINT person_roles_check
		CHECK (roles OPERATOR(pg_catalog.<@) '{business_lead,site_lead,deputy_site_lead,data_protection_manager,worker}'::text[]),
	CONSTRAINT person_registered_check
		CHECK (NOT pg_catalog.isempty(registered) AND NOT pg_catalog.lower_inf(registered)),
	-- §6: a change of the roster needs the city's prior written approval.
	-- City staff are on the ledger's roster too but are not registered by
	-- approval, so approved_on may be NULL for them only.
	CONSTRAINT person_approved_before_registration_check
		CHECK (approved_on OPERATOR(pg_catalog.<=) pg_catalog.lower(registered)),
	CONSTRAINT person_approval_required_check
		CHECK (side OPERATOR(pg_catalog.=) 'city' OR approved_on IS NOT NULL)
);
COMMENT ON TABLE @extschema@.person IS
  'The roster (情報資産取扱者名簿) and the city''s staff: a person is on the roster on date d iff registered @> d';
COMMENT ON COLUMN @extschema@.person.person_id IS 'Identifier of the roster entry (one registration of one person)';
COMMENT ON COLUMN @extschema@.person.contract_id IS 'Contract whose roster this entry belongs to';
COMMENT ON COLUMN @extschema@.person.name IS 'Full name';
COMMENT ON COLUMN @extschema@.person.organisation IS 'Organisation (company, or the city''s department)';
COMMENT ON COLUMN @extschema@.person.side IS 'city, contractor, predecessor, successor or modification_vendor';
COMMENT ON COLUMN @extschema@.person.db_role IS 'Database role that acts as this person (matched against current_user); NULL if the person never uses the database directly';
COMMENT ON COLUMN @extschema@.person.registered IS 'Dates on which the person is registered (on the roster); the lower bound is the first day';
COMMENT ON COLUMN @extschema@.person.approved_on IS 'Date the city approved the registration in writing (§6); never after the first registered day; NULL only for city staff';
COMMENT ON COLUMN @extschema@.person.roles IS 'Designated roles (表2): business_lead 業務責任者, site_lead 現場責任者, deputy_site_lead 副現場責任者, data_protection_manager 保護管理者, worker';
COMMENT ON COLUMN @extschema@.person.created_at IS 'When the entry was entered into the ledger';
CREATE INDEX person_db_role_idx ON @extschema@.person (db_role, contract_id) WHERE db_role IS NOT NULL;

-- ---------------------------------------------------------- menu_item
CREATE TABLE @extschema@.menu_item (
	menu_item_id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	code				text NOT NULL,
	revision			integer NOT NULL DEFAULT 1,
	title				text NOT NULL,
	performer			text NOT NULL,
	system_code			text REFERENCES @extschema@.system,
	procedure_ref		text,
	frequency			text,
	valid				daterange NOT NULL,
	supersedes_id		bigint REFERENCES @extschema@.menu_item,
	created_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CONSTRAINT menu_item_code_revision_key UNIQUE (contract_id, code, revision),
	CONSTRAINT menu_item_contract_item_key UNIQUE (contract_id, menu_item_id),
	CONSTRAINT menu_item_performer_check
		CHECK (performer OPERATOR(pg_catalog.=) ANY ('{operator,vendor}'::text[])),
	CONSTRAINT menu_item_revision_check CHECK (revision OPERATOR(pg_catalog.>) 0),
	CONSTRAINT menu_item_valid_check
		CHECK (NOT pg_catalog.isempty(valid) AND NOT pg_catalog.lower_inf(valid))
);
COMMENT ON TABLE @extschema@.menu_item IS
  'The O&M menu (運用・保守メニュー, §5.1): one row per revision of a task; a revision is a new row and the old one is kept with its validity closed';
COMMENT ON COLUMN @extschema@.menu_item.menu_item_id IS 'Identifier of this revision';
COMMENT ON COLUMN @extschema@.menu_item.contract_id IS 'Contract whose menu this is';
COMMENT ON COLUMN @extschema@.menu_item.code IS 'Code of the menu task, stable across revisions';
COMMENT ON COLUMN @extschema@.menu_item.revision IS 'Revision number, 1 for the first; assigned when a new revision of the code is inserted';
COMMENT ON COLUMN @extschema@.menu_item.title IS 'Title of the task';
COMMENT ON COLUMN @extschema@.menu_item.performer IS 'Who performs it (作業従事者): operator or vendor';
COMMENT ON COLUMN @extschema@.menu_item.system_code IS 'Target system, NULL if the task spans systems';
COMMENT ON COLUMN @extschema@.menu_item.procedure_ref IS 'Reference of the procedure document (手順書)';
COMMENT ON COLUMN @extschema@.menu_item.frequency IS 'How often the task runs (free text, e.g. daily, monthly, on request)';
COMMENT ON COLUMN @extschema@.menu_item.valid IS 'Dates this revision is in force; a new revision closes the previous one at its own first day';
COMMENT ON COLUMN @extschema@.menu_item.supersedes_id IS 'The revision this one replaces, NULL for the first';
COMMENT ON COLUMN @extschema@.menu_item.created_at IS 'When the revision was entered';
CREATE INDEX menu_item_system_idx ON @extschema@.menu_item (system_code);
CREATE INDEX menu_item_supersedes_idx ON @extschema@.menu_item (supersedes_id);

-- ------------------------------------------------ kinds and sub-kinds
CREATE TABLE @extschema@.work_sub_kind (
	kind				text NOT NULL,
	sub_kind			text NOT NULL,
	spec_ref			text,
	title_ja			text NOT NULL,
	title_en			text NOT NULL,
	requires_procedure	boolean NOT NULL DEFAULT false,
	requires_prior_agreement boolean NOT NULL DEFAULT false,
	seeded				boolean NOT NULL DEFAULT false,
	PRIMARY KEY (kind, sub_kind),
	CONSTRAINT work_sub_kind_kind_check
		CHECK (kind OPERATOR(pg_catalog.=) ANY ('{menu_task,service_request,failure_recovery,modification,handover}'::text[]))
);
COMMENT ON TABLE @extschema@.work_sub_kind IS
  'Sub-kinds of work (service ①-⑥ §5.2.1, failure recovery §5.2.2, modification ①-⑦ §5.2.3, handover §5.3) and the rules each triggers';
COMMENT ON COLUMN @extschema@.work_sub_kind.kind IS 'Kind of work: menu_task, service_request, failure_recovery, modification or handover';
COMMENT ON COLUMN @extschema@.work_sub_kind.sub_kind IS 'Name of the sub-kind';
COMMENT ON COLUMN @extschema@.work_sub_kind.spec_ref IS 'Where the specification defines it (e.g. §5.2.1⑥)';
COMMENT ON COLUMN @extschema@.work_sub_kind.title_ja IS 'Japanese title';
COMMENT ON COLUMN @extschema@.work_sub_kind.title_en IS 'English title';
COMMENT ON COLUMN @extschema@.work_sub_kind.requires_procedure IS 'Rule 1: work of this sub-kind cannot be executed before an approved procedure (§5.2.1⑥, §5.2.4⑤)';
COMMENT ON COLUMN @extschema@.work_sub_kind.requires_prior_agreement IS 'Rule 5: work of this sub-kind needs an approved closed_day_attendance agreement before its scheduled day (§5.2.1⑤)';
COMMENT ON COLUMN @extschema@.work_sub_kind.seeded IS 'True for rows shipped with the extension (read-only, not dumped)';

INSERT INTO @extschema@.work_sub_kind
	(kind, sub_kind, spec_ref, title_ja, title_en, requires_procedure, requires_prior_agreement, seeded) VALUES
	('service_request', 'modification_vendor_support', '§5.2.1①', '改修業者との関係における引継等の作業', 'Work for modification vendors', false, false, true),
	('service_request', 'investigation', '§5.2.1②', '調査・問合せ対応', 'Investigation and inquiry', false, false, true),
	('service_request', 'meeting', '§5.2.1③', '打ち合わせ対応', 'Meeting', false, false, true),
	('service_request', 'document', '§5.2.1④', 'その他の調査や資料作成', 'Document', false, false, true),
	('service_request', 'closed_day_attendance', '§5.2.1⑤', '閉庁日の作業立会', 'Closed-day attendance', false, true, true),
	('service_request', 'data_extraction', '§5.2.1⑥', 'データ抽出', 'Data extraction', true, false, true),
	('service_request', 'data_patch', '§5.2.1⑥', 'データパッチ', 'Data patch', true, false, true),
	('failure_recovery', 'impact_analysis', '§5.2.2', '影響調査', 'Impact analysis', false, false, true),
	('failure_recovery', 'provisional_fix', '§5.2.2', '暫定対応', 'Provisional fix', false, false, true),
	('failure_recovery', 'recovery_procedure', '§5.2.4⑤', '回復手順による回復', 'Recovery by procedure', true, false, true),
	('failure_recovery', 'data_extraction', '§5.2.2', 'データ抽出', 'Data extraction', true, false, true),
	('failure_recovery', 'data_patch', '§5.2.2', 'データパッチ', 'Data patch', true, false, true),
	('modification', 'permanent_fix', '§5.2.3①', '障害に対する恒久対応', 'Permanent fix of a failure', false, false, true),
	('modification', 'preventive_fix', '§5.2.3②', '予防的改修', 'Preventive fix', false, false, true),
	('modification', 'operations_improvement', '§5.2.3③', '運用作業の負荷軽減又は品質向上', 'Lighter or better operations', false, false, true),
	('modification', 'form_wording', '§5.2.3④', '帳票・画面の文言・印字位置の修正', 'Wording or print position on forms and screens', false, false, true),
	('modification', 'external_change', '§5.2.3⑤', 'FWバージョンアップ・他システムIF変更への対応', 'Framework version-up or other systems'' interface change', false, false, true),
	('modification', 'security_patch_verification', '§5.2.3⑥', 'OSセキュリティパッチ適用後の検証', 'Verification after OS security patches', false, false, true),
	('modification', 'document_alignment', '§5.2.3⑦', 'ドキュメントと実装の整合', 'Documents brought in line with the implementation', false, false, true),
	('handover', 'handover_in', '§5.3', '引き継ぎ（受け）', 'Handover from the previous contractor', false, false, true),
	('handover', 'handover_out', '§5.3', '引き継ぎ（渡し）', 'Handover to the next contractor', false, false, true);

-- ------------------------------------------------------ who is acting
CREATE FUNCTION @extschema@.current_person(contract_id bigint, on_date date DEFAULT CURRENT_DATE)
RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT p.person_id
	FROM @extschema@.person AS p
	WHERE p.contract_id OPERATOR(pg_catalog.=) $1
	  AND p.db_role OPERATOR(pg_catalog.=) CURRENT_USER
	  AND p.registered OPERATOR(pg_catalog.@>) $2
	ORDER BY p.person_id
	LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.current_person(bigint, date) IS
  'The roster entry of the contract whose db_role is current_user and that is registered on the date, or NULL';

-- ------------------------------------------------ pg_dump of user data
SELECT pg_catalog.pg_extension_config_dump('@extschema@.contract', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.system', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.person', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.menu_item', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_sub_kind', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.contract_contract_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.person_person_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.menu_item_menu_item_id_seq', '');
