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

# SMS: numbers and texts sealed in every SMS table (sms/schema.c), sent
# and received through the dummy modem: a message, a check-in and its
# reply linked, a multipart Vietnamese (UCS-2) reply, free text
# acknowledged, an unknown number, an SMS form from an organiser's phone
sed -i 's/acknowledge = false;/acknowledge = true;/' "$DIR/shg.conf"
expect_ok person add --name "Đinh Thị Sương" --gender nữ --category at-risk \
	--phone 0933444555 --consent yes
C=$(tail -n 1 "$DIR/out" | sed 's/.* //')
expect_ok group add "Hoa Ban"
expect_ok group join "Hoa Ban" "$C" --date 2026-11-01
printf 'mật khẩu dài 1\n' >"$DIR/pw"
expect_ok user add thu --role organiser --groups "Hoa Ban" --phone 0977888999 <"$DIR/pw"
expect_ok sms send "$C" "Chị Sương ơi, mai họp ở nhà văn hoá xóm Pạc Ngòi"
expect_ok serve --once
expect_out "sent 1"
# the check-in, 14 days after her consent
export SHG_NOW="2026-12-08 09:00"
expect_ok serve --once
expect_eq "message and check-in sent" "checkin|manual" "$(sqlk "SELECT group_concat(kind, '|') FROM (SELECT kind FROM outbox WHERE state = 'sent' AND text LIKE '%Sương%' OR kind = 'checkin' ORDER BY kind)")"
expect_ok sms inject 0933444555 "1"
LONG="Em cảm ơn chị Thư nhiều lắm, em đã tìm được việc ở xưởng may Bắc Hà nhưng vẫn sợ người môi giới quay lại tìm em nên chưa dám về nhà mẹ đẻ"
expect_ok sms inject 0933444555 "$LONG" --parts 3
expect_ok sms inject 0933444555 "Dì Ba hỏi thăm chị"
expect_ok sms inject 0966111222 "Ai đấy ạ, số lạ nhắn tin"
expect_ok sms inject 0977888999 "tham ${C##*-} on em Sương đã đi làm xưởng may"
expect_ok serve --once
expect_out "received 5"
expect_ok serve --once
expect_eq "reply linked to the check-in" "well|checkin" \
	"$(sqlk "SELECT i.meaning || '|' || o.kind FROM inbox i JOIN outbox o ON o.id = i.answers WHERE i.text = '1'")"
expect_eq "multipart joined" 1 "$(sqlk "SELECT count(*) FROM inbox WHERE parts = 3 AND complete = 1 AND coding = 'ucs2' AND text = '$LONG'")"
expect_eq "form kept" 1 "$(sqlk "SELECT count(*) FROM sms_form WHERE sender = '+84977888999' AND text LIKE 'tham % on em Sương đã đi làm xưởng may'")"
expect_eq "keys without numbers" "" "$(sqlk "SELECT subject FROM outbox WHERE subject LIKE '%96611%' OR subject LIKE '%93344%'")"
expect_eq "acknowledged, unknown answered" 2 "$(sqlk "SELECT count(*) FROM outbox WHERE kind = 'reply' AND (subject = 'ack:' || hex(crypt_blind('+84933444555')) OR subject = 'unknown:' || hex(crypt_blind('+84966111222')))")"
expect_ok inbox --names
expect_out "Dì Ba hỏi thăm chị"
expect_out "$C"
expect_ok sms outbox --names
expect_out "xóm Pạc Ngòi"
expect_ok backup "$DIR/copy2.db"
sealed=0
for f in "$DIR/shg.db" "$DIR/shg.db-wal" "$DIR/copy2.db"; do
	for s in "0933444555" "+84933444555" "933444555" "0966111222" \
	    "966111222" "xóm Pạc Ngòi" "Pac Ngoi" "xưởng may" \
	    "người môi giới" "Dì Ba hỏi thăm" "số lạ nhắn tin" "Đã nhận tin nhắn"; do
		if holds "$f" "$s"; then not_ok "$(basename "$f") holds \"$s\""
		else sealed=$((sealed + 1)); fi
	done
done
expect_eq "SMS values absent" 36 "$sealed"
# a sealed text moved to another message does not open
expect_ok backup "$DIR/keep.db"
sql "UPDATE inbox SET text = (SELECT text FROM inbox WHERE id = 1) WHERE id = 2"
sum0=$(file_sum)
expect_fail 1 "inbox.text of record 2 does not open with this key" inbox --names
expect_eq "file unchanged" "$sum0" "$(file_sum)"
cp "$DIR/keep.db" "$DIR/shg.db"
rm -f "$DIR/shg.db-wal" "$DIR/shg.db-shm"
# what the SMS tables hold, opened, to compare after the rotation
sms_rows() {
	sqlk "SELECT 'o', id, recipient, text, kind, state FROM outbox UNION ALL SELECT 'i', id, sender, text, answers, meaning FROM inbox UNION ALL SELECT 'p', id, sender, text, inbox_id, seq FROM inbox_part UNION ALL SELECT 'f', id, sender, text, reply, outcome FROM sms_form UNION ALL SELECT 'q', count(*), 0, 0, 0, 0 FROM outbox_part WHERE recipient_hash IS NOT NULL ORDER BY 1, 2" "$@" | md5sum
}
sms0=$(sms_rows)
expect_eq "SMS rows" "5|3|5" "$(sqlk "SELECT (SELECT count(*) FROM inbox) || '|' || (SELECT count(*) FROM inbox_part) || '|' || (SELECT count(*) FROM outbox WHERE state = 'sent')")"

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
expect_eq "SMS rows kept" "$sms0" "$(sms_rows)"
expect_eq "SMS look-ups with the new key" "1|1|1" "$(sqlk "SELECT (SELECT count(*) FROM main.outbox_part p JOIN main.outbox o ON o.id = p.outbox_id WHERE p.recipient_hash = crypt_blind('+84933444555') AND o.kind = 'manual') || '|' || (SELECT count(*) FROM main.inbox WHERE sender_hash = crypt_blind('+84933444555') AND text_hash = crypt_blind('Dì Ba hỏi thăm chị')) || '|' || (SELECT count(*) FROM main.outbox WHERE subject = 'unknown:' || hex(crypt_blind('+84966111222')))")"
expect_ok inbox --names
expect_out "Dì Ba hỏi thăm chị"
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
sqlite3 "$DIR/old/shg.db" "DELETE FROM crypt_check; INSERT INTO person (case_code, full_name, name_fold, gender, phone, notes, category, created_at, updated_at) VALUES ('BH-2025-0001', 'Lý Thị Mỷ', 'ly thi my', 'female', '+84911222333', 'Ở nhờ nhà dì', 'at-risk', 0, 0);
INSERT INTO outbox (recipient, person_id, kind, text, coding, parts, concat_ref, not_before, next_try, queued_at, state, sent_at, tpmr) VALUES ('+84911222333', 1, 'manual', 'Mỷ ơi, chiều nay chị ghé', 'ucs2', 1, 0, 0, 0, 0, 'sent', 100, 7);
INSERT INTO outbox_part (outbox_id, seq, tpmr, sent_at) VALUES (1, 1, 7, 100);
INSERT INTO inbox (sender, person_id, sent_at, received_at, coding, text, parts, handled, read_note) VALUES ('+84911222333', 1, 200, 210, 'ucs2', 'Dạ em ở nhà dì Hạnh', 1, 1, 'đã gọi lại cho Mỷ');
INSERT INTO inbox_part (sender, sent_at, ref, total, seq, coding, text, received_at) VALUES ('+84911222333', 300, 9, 2, 1, 'ucs2', 'Phần đầu của tin dài', 310);
INSERT INTO inbox_quarantine (received_at, location, reason, raw) VALUES (400, 1, 'bad PDU', '0791448720003023F2')"
rm -f "$DIR/old/shg.key"
"$SHG" -c "$DIR/old/shg.conf" key init >/dev/null 2>&1
"$SHG" -c "$DIR/old/shg.conf" person show BH-2025-0001 >"$DIR/out" 2>"$DIR/err"
expect_out "Lý Thị Mỷ"
expect_out "+84911222333"
expect_eq "said" 1 "$(grep -c "before-encryption" "$DIR/err")"
expect_eq "clear copy made" yes "$(holds "$DIR/old/shg.db.before-encryption" "Lý Thị Mỷ" && echo yes)"
expect_eq "encrypted" "" "$(holds "$DIR/old/shg.db" "Lý Thị Mỷ" && echo clear)$(holds "$DIR/old/shg.db" "Ở nhờ nhà dì" && echo clear)$(holds "$DIR/old/shg.db" "84911222333" && echo clear)"
expect_eq "integrity" ok "$(sqlite3 "$DIR/old/shg.db" "PRAGMA integrity_check")"
for v in "Mỷ ơi, chiều nay" "dì Hạnh" "gọi lại cho" "Phần đầu của tin" "0791448720003023F2"; do
	expect_eq "SMS encrypted" "" "$(holds "$DIR/old/shg.db" "$v" && echo "clear: $v")"
done
expect_eq "SMS rows kept" "+84911222333|Mỷ ơi, chiều nay chị ghé|1|+84911222333|Dạ em ở nhà dì Hạnh|đã gọi lại cho Mỷ|1|Phần đầu của tin dài|1|0791448720003023F2|1" \
	"$(sqlk "SELECT o.recipient, o.text, o.recipient_hash = crypt_blind('+84911222333'), i.sender, i.text, i.read_note, i.sender_hash = crypt_blind('+84911222333'), p.text, p.sender_hash = crypt_blind('+84911222333'), q.raw, (SELECT recipient_hash FROM main.outbox_part) = o.recipient_hash FROM outbox o, inbox i, inbox_part p, inbox_quarantine q" "$DIR/old/shg.db" "$DIR/old/shg.key")"
"$SHG" -c "$DIR/old/shg.conf" person list --name "ly thi" >"$DIR/out" 2>&1
expect_out "BH-2025-0001"
