-- shg person list --name "Hương": active people whose folded name holds
-- "huong", by case code, with the columns the command prints. The names
-- are sealed (core/crypt.h): like the command, the query opens every
-- folded name to search it, then the name and phone of the rows found.
-- Run with the key through tests/sqlkey.c (bench/run.sh builds it as
-- build/bench/sqlkey), not in the sqlite3 shell, which has no crypt_open.
-- "+case_code" sorts the rows found rather than walking the whole table
-- in case-code order through its index (as core/person.c does).
SELECT case_code, crypt_open(full_name, 'person.full_name', id), gender,
  birth_year, crypt_open(phone, 'person.phone', id), category, commune,
  district, status
FROM person WHERE status = 'active'
  AND instr(crypt_open(name_fold, 'person.name_fold', id), 'huong') > 0
ORDER BY +case_code;
