-- What must read the same before the dump and after the restore.
\pset format unaligned
SET search_path = public;
