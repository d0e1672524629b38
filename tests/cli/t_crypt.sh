# Encryption at rest: the key file made by init, names, phones and notes
# absent from the database file and its backup, a wrong, missing or
# exposed key refused, a moved value refused, rotation, and the first
# encryption of a clear-text database.

# the bytes of a file, or nothing, searched for a text
holds() {
	[ -f "$1" ] && grep -aqF -- "$2" "$1"
}
file_sum() {
	cat "$DIR/shg.db" "$DIR/shg.db-wal" 2>/dev/null | md5sum
}

expect_eq "key made by init" 400 "$(stat -c %a "$DIR/shg.key")"
expect_eq "key is hex" 64 "$(tr -d '\n' <"$DIR/shg.key" | wc -c)"
expect_ok person add --name "Nguyễn Thị Hoà Bình" --gender nữ --category at-risk \
	--phone 0912345678 --notes "Được đưa về qua cửa khẩu Lào Cai" --district "Bắc Hà"
A=$(tail -n 1 "$DIR/out" | sed 's/.* //')
expect_ok person add --name "Hờ Thị Dợ" --gender nữ --category suspected --route marriage \
	--phone 0987654321 --notes "Gia đình không biết"
B=$(tail -n 1 "$DIR/out" | sed 's/.* //')
expect_ok need add "$A" "legal aid" --date 2026-10-01 --notes "chưa có giấy khai sinh"
expect_ok support add "$A" --type medical --value 500000 --source state --date 2026-11-01 --notes "khám phụ khoa"
expect_ok visit log "$B" --visitor "Chị Lan" --kind home --situation "needs support" \
	--date 2026-11-01 --notes "chồng cũ đe dọa"
expect_ok backup "$DIR/copy.db"
for f in "$DIR/shg.db" "$DIR/shg.db-wal" "$DIR/copy.db"; do
	for s in "Nguyễn Thị Hoà Bình" "nguyen thi hoa binh" "Hờ Thị Dợ" \
	    "+84912345678" "912345678" "987654321" "cửa khẩu Lào Cai" \
	    "Gia đình không biết" "giấy khai sinh" "phụ khoa" "đe dọa"; do
		if holds "$f" "$s"; then not_ok "$(basename "$f") holds \"$s\""
		else pass=$((pass + 1)); fi
	done
done

# with the key, everything reads back
expect_ok person show "$A"
expect_out "Nguyễn Thị Hoà Bình"
expect_out "+84912345678"
expect_out "cửa khẩu Lào Cai"
expect_ok person list --name "hoa binh"
expect_out "$A"
expect_no_out "$B"
expect_ok person list --name "DỢ"
expect_out "$B"

# a wrong key, a missing key, a key others can read: refused, file unchanged
sum0=$(file_sum)
cp "$DIR/shg.key" "$DIR/good.key"
chmod 600 "$DIR/shg.key"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/shg.key"
chmod 400 "$DIR/shg.key"
expect_fail 1 "does not open this database" person list
expect_fail 1 "does not open this database" person add --name X --gender f --category at-risk
rm -f "$DIR/shg.key"
expect_fail 1 "the key file is missing" person list
cp "$DIR/good.key" "$DIR/shg.key"
chmod 640 "$DIR/shg.key"
expect_fail 1 "can be read by others" person list
chmod 400 "$DIR/shg.key"
expect_eq "file unchanged" "$sum0" "$(file_sum)"
expect_fail 1 "never replaced" key init

# a sealed value moved to another person's row does not open
cp "$DIR/shg.db" "$DIR/keep.db"
sql "UPDATE person SET full_name = (SELECT full_name FROM person WHERE case_code = '$B') WHERE case_code = '$A'"
sum0=$(file_sum)
expect_fail 1 "person.full_name of record 1 does not open with this key" person show "$A"
expect_eq "file unchanged" "$sum0" "$(file_sum)"
cp "$DIR/keep.db" "$DIR/shg.db"

# rotation: a new key, everything kept, the old key kept for old backups
expect_ok key rotate
expect_out "shg.key.old"
expect_eq "old key kept" 400 "$(stat -c %a "$DIR/shg.key.old")"
expect_eq "integrity" ok "$(sql "PRAGMA integrity_check")"
expect_ok person show "$B"
expect_out "Hờ Thị Dợ"
expect_out "Gia đình không biết"
expect_eq "notes" "chưa có giấy khai sinh|khám phụ khoa|chồng cũ đe dọa" \
	"$(sqlk "SELECT (SELECT crypt_open(notes, 'need.notes', id) FROM need) || '|' || (SELECT crypt_open(notes, 'support.notes', id) FROM support) || '|' || (SELECT crypt_open(notes, 'visit.notes', id) FROM visit)")"
expect_ok visit list "$B"
expect_out "needs-support"
expect_ok person list --name "hoa"
expect_out "$A"
expect_eq "audited" 1 "$(sql "SELECT count(*) FROM audit WHERE entity = 'key' AND action = 'rotate'")"
expect_fail 1 "an earlier key is kept there" key rotate
mv "$DIR/shg.key" "$DIR/new.key"
cp "$DIR/shg.key.old" "$DIR/shg.key"
expect_fail 1 "does not open this database" person list
rm -f "$DIR/shg.key"
mv "$DIR/new.key" "$DIR/shg.key"
# the backup made before the rotation opens with the old key
expect_eq "old backup" "Hờ Thị Dợ" "$(sqlk "SELECT full_name FROM person_clear WHERE case_code = '$B'" "$DIR/copy.db" "$DIR/shg.key.old")"

# a database from before encryption is encrypted when a key is present
mkdir "$DIR/old"
"$SHG" -c "$DIR/old/shg.conf" init >/dev/null 2>&1
sqlite3 "$DIR/old/shg.db" "DELETE FROM crypt_check; INSERT INTO person (case_code, full_name, name_fold, gender, phone, notes, category, created_at, updated_at) VALUES ('BH-2025-0001', 'Lý Thị Mỷ', 'ly thi my', 'female', '+84911222333', 'Ở nhờ nhà dì', 'at-risk', 0, 0)"
rm -f "$DIR/old/shg.key"
"$SHG" -c "$DIR/old/shg.conf" key init >/dev/null 2>&1
"$SHG" -c "$DIR/old/shg.conf" person show BH-2025-0001 >"$DIR/out" 2>"$DIR/err"
expect_out "Lý Thị Mỷ"
expect_out "+84911222333"
expect_eq "said" 1 "$(grep -c "before-encryption" "$DIR/err")"
expect_eq "clear copy made" yes "$(holds "$DIR/old/shg.db.before-encryption" "Lý Thị Mỷ" && echo yes)"
expect_eq "encrypted" "" "$(holds "$DIR/old/shg.db" "Lý Thị Mỷ" && echo clear)$(holds "$DIR/old/shg.db" "Ở nhờ nhà dì" && echo clear)$(holds "$DIR/old/shg.db" "84911222333" && echo clear)"
expect_eq "integrity" ok "$(sqlite3 "$DIR/old/shg.db" "PRAGMA integrity_check")"
"$SHG" -c "$DIR/old/shg.conf" person list --name "ly thi" >"$DIR/out" 2>&1
expect_out "BH-2025-0001"
