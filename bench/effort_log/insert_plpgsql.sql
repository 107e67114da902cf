-- one effort entry per transaction into bench.plpgsql
INSERT INTO bench.plpgsql (item_id, person_id, work_date, effort)
SELECT bench.item(n), bench.person(n), bench.day(n), '1h' FROM nextval('bench.n') n;
