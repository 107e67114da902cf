-- one effort entry per transaction into bench.bare
INSERT INTO bench.bare (item_id, person_id, work_date, effort)
SELECT bench.item(n), bench.person(n), bench.day(n), '1h' FROM nextval('bench.n') n;
