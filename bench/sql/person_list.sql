-- shg person list --name "Hương": active people whose folded name holds
-- "huong", by case code.
SELECT case_code, gender, birth_year, category, commune, district, status
FROM person WHERE status = 'active' AND instr(name_fold, 'huong') > 0
ORDER BY case_code;
