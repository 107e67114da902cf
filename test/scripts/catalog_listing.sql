-- catalog_listing.sql: every object of the omledger extension, one line
-- each, with its full definition, sorted.  Two databases whose listings
-- are equal hold the same extension, whatever path built it (fresh
-- install, or an older version plus ALTER EXTENSION UPDATE).
\pset tuples_only on
\pset format unaligned
WITH ext AS (
	SELECT oid FROM pg_extension WHERE extname = 'omledger'
), member AS (
	SELECT d.classid, d.objid, d.objsubid
	FROM pg_depend d, ext
	WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid
	  AND d.deptype = 'e'
), described AS (
	SELECT m.*, pg_describe_object(m.classid, m.objid, m.objsubid) AS what
	FROM member m
)
SELECT what || E'\n    ' || coalesce(
	CASE classid
	WHEN 'pg_proc'::regclass THEN (
		SELECT format('kind=%s volatile=%s strict=%s parallel=%s secdef=%s leakproof=%s config=%s cost=%s rows=%s',
		              p.prokind, p.provolatile, p.proisstrict, p.proparallel, p.prosecdef,
		              p.proleakproof, p.proconfig, p.procost, p.prorows)
		       || E'\n    ' || CASE WHEN p.prokind IN ('f','p','w') THEN pg_get_functiondef(p.oid)
		                             ELSE (SELECT format('agg trans=%s final=%s combine=%s serial=%s deserial=%s stype=%s sortop=%s init=%s parallel=%s',
		                                                 a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
		                                                 a.aggtranstype::regtype, a.aggsortop::regoperator, a.agginitval, p.proparallel)
		                                   FROM pg_aggregate a WHERE a.aggfnoid = p.oid) END
		FROM pg_proc p WHERE p.oid = objid)
	WHEN 'pg_type'::regclass THEN (
		SELECT format('len=%s byval=%s align=%s storage=%s in=%s out=%s recv=%s send=%s cat=%s pref=%s delim=%s',
		              t.typlen, t.typbyval, t.typalign, t.typstorage, t.typinput, t.typoutput,
		              t.typreceive, t.typsend, t.typcategory, t.typispreferred, t.typdelim)
		FROM pg_type t WHERE t.oid = objid)
	WHEN 'pg_class'::regclass THEN (
		SELECT format('relkind=%s persistence=%s rls=%s acl=%s', c.relkind, c.relpersistence,
		              c.relrowsecurity, c.relacl) || E'\n    ' ||
		       coalesce((SELECT string_agg(format('%s %s notnull=%s default=%s ident=%s gen=%s',
		                   a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
		                   pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated), E'\n    ' ORDER BY a.attnum)
		        FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
		        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') || E'\n    ' ||
		       coalesce((SELECT string_agg(pg_get_indexdef(i.indexrelid), E'\n    ' ORDER BY 1)
		        FROM pg_index i WHERE i.indrelid = c.oid), '') || E'\n    ' ||
		       coalesce((SELECT string_agg(conname || ' ' || pg_get_constraintdef(co.oid), E'\n    ' ORDER BY conname)
		        FROM pg_constraint co WHERE co.conrelid = c.oid), '') || E'\n    ' ||
		       coalesce((SELECT string_agg(pg_get_triggerdef(tg.oid), E'\n    ' ORDER BY tgname)
		        FROM pg_trigger tg WHERE tg.tgrelid = c.oid AND NOT tg.tgisinternal), '') || E'\n    ' ||
		       coalesce((SELECT string_agg(format('policy %s %s %s %s %s', polname, polcmd, polroles,
		                   pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid)), E'\n    ' ORDER BY polname)
		        FROM pg_policy WHERE polrelid = c.oid), '') || E'\n    ' ||
		       CASE WHEN c.relkind IN ('v','m') THEN pg_get_viewdef(c.oid) ELSE '' END
		FROM pg_class c WHERE c.oid = objid)
	WHEN 'pg_operator'::regclass THEN (
		SELECT format('code=%s com=%s neg=%s rest=%s join=%s hashes=%s merges=%s',
		              o.oprcode, o.oprcom::regoperator, o.oprnegate::regoperator, o.oprrest,
		              o.oprjoin, o.oprcanhash, o.oprcanmerge)
		FROM pg_operator o WHERE o.oid = objid)
	WHEN 'pg_opclass'::regclass THEN (
		SELECT format('default=%s family=%s', oc.opcdefault, (SELECT f.opfnamespace::regnamespace || '.' || f.opfname FROM pg_opfamily f WHERE f.oid = oc.opcfamily))
		FROM pg_opclass oc WHERE oc.oid = objid)
	WHEN 'pg_opfamily'::regclass THEN (
		SELECT coalesce(string_agg(format('op %s %s', ao.amopstrategy, ao.amopopr::regoperator), E'\n    ' ORDER BY ao.amopstrategy), '')
		       || E'\n    ' ||
		       coalesce((SELECT string_agg(format('proc %s %s', ap.amprocnum, ap.amproc::regprocedure), E'\n    ' ORDER BY ap.amprocnum)
		        FROM pg_amproc ap WHERE ap.amprocfamily = objid), '')
		FROM pg_amop ao WHERE ao.amopfamily = objid)
	WHEN 'pg_cast'::regclass THEN (
		SELECT format('func=%s context=%s method=%s', ca.castfunc::regprocedure, ca.castcontext, ca.castmethod)
		FROM pg_cast ca WHERE ca.oid = objid)
	ELSE ''
	END, '')
	|| coalesce(E'\n    comment: ' || obj_description(objid, classid::regclass::text), '')
FROM described
ORDER BY what;

-- What pg_dump will dump of the configuration tables, and their contents.
SELECT 'config ' || c::regclass::text || ' where ' || coalesce(w, '')
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS u(c, w)
WHERE e.extname = 'omledger'
ORDER BY 1;

-- The seeded rows of every configuration table, in a stable order.
SELECT format('SELECT %L || '' '' || t::text FROM %s AS t ORDER BY 1', c::regclass::text, c::regclass)
FROM pg_extension e, unnest(e.extconfig) AS c
WHERE e.extname = 'omledger'
  AND (SELECT relkind FROM pg_class WHERE oid = c) <> 'S'
ORDER BY 1
\gexec
