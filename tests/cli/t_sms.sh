# SMS: queueing, the outbox, the dummy modem end to end, the inbox, status,
# quiet hours and signals. Check-ins and the replies to unknown numbers
# are off here: this file counts only the messages it queues itself.

sed -i -e 's/checkin_every_days = 14;/checkin_every_days = 0;/' \
    -e 's/unknown_reply = true;/unknown_reply = false;/' "$DIR/shg.conf"

expect_ok person add --name "Trần Thị Mai" --gender f --category returned-self \
    --phone 0912345678 --consent yes --coding strip
mai=$(sed -n 's/^added //p' "$DIR/out")
expect_ok person add --name "Lò Văn Páo" --gender m --category returned-self \
    --phone 0987654321
pao=$(sed -n 's/^added //p' "$DIR/out")

# Queueing: coding per person and per config, refusals.
expect_ok sms send "$mai" "Nhóm họp ngày 5, đến đúng giờ"
expect_out "queued message 1 (1 part, gsm7)"
expect_eq "stripped text" "Nhom hop ngay 5, den dung gio" \
    "$(sqlk "SELECT text FROM outbox WHERE id = 1")"
expect_ok sms send 0911222333 "Chào chị, hẹn gặp ở nhà văn hóa"
expect_out "queued message 2 (1 part, ucs2)"
expect_fail 1 "has not agreed to receive SMS" sms send "$pao" "xin chào"
expect_fail 1 "has not agreed" sms send 0987654321 "a number of someone"
expect_fail 1 "the limit is 3" sms send 0911222333 \
    "$(printf 'Thông báo họp nhóm %.0s' $(seq 1 40))"
expect_fail 1 "recipient:" sms send 0123 "x"
expect_fail 2 "give a number or case code" sms send 0911222333
expect_ok sms send 0911222444 "to be cancelled"
expect_ok sms cancel 3
expect_out "cancelled message 3"
expect_fail 1 "is cancelled, not queued" sms cancel 3
expect_fail 1 "not a message id" sms cancel x
expect_ok sms outbox --state queued
expect_lines 3
expect_out "$mai"
expect_out "+8491****333"
expect_no_out "Nhom hop"
expect_fail 1 "--state: \"bogus\"" sms outbox --state bogus
expect_ok sms outbox --names
expect_out "Nhom hop ngay 5"

# One pass through the dummy modem.
expect_ok serve --once
expect_out "sent 2, retried 0, failed 0, expired 0, received 0"
expect_eq "sent rows" 2 "$(sql "SELECT count(*) FROM outbox WHERE state = 'sent'")"
expect_eq "parts the modem accepted" 2 "$(ls "$DIR/modem/sent" | wc -l)"
expect_eq "cancelled stays" cancelled "$(sql "SELECT state FROM outbox WHERE id = 3")"
if grep -q "+84912345678\|Nhom hop\|Trần" "$DIR/err"; then
	not_ok "the service log shows a whole number, a text or a name"
else pass=$((pass + 1)); fi
expect_eq "masked in the log" 1 "$(grep -c 'sms 1 to +8491\*\*\*\*678 sent' "$DIR/err")"

# Replies: single, with diacritics, multipart.
expect_ok sms inject 0912345678 "Dạ, em sẽ đến ạ"
expect_ok sms inject 0977000111 "OK"
expect_ok sms inject 0977000222 \
    "Em cảm ơn chị nhiều lắm, tuần sau em sẽ mang sổ tiết kiệm đến buổi họp nhóm và đóng góp đầy đủ như đã hứa với cả nhóm, mong chị thông cảm cho em" \
    --parts 3
expect_eq "messages in the modem" 5 "$(ls "$DIR/modem/sms/1" | wc -l)"
expect_ok serve --once
expect_out "received 3"
expect_eq "modem emptied" 0 "$(ls "$DIR/modem/sms/1" | wc -l)"
expect_eq "matched person" 1 "$(sqlk "SELECT count(*) FROM inbox i JOIN person p ON p.id = i.person_id WHERE p.case_code = '$mai' AND i.text = 'Dạ, em sẽ đến ạ'")"
expect_eq "multipart joined" 1 "$(sqlk "SELECT count(*) FROM inbox WHERE parts = 3 AND complete = 1 AND text LIKE 'Em cảm ơn chị%mong chị thông cảm cho em'")"
expect_ok inbox
expect_out "$mai"
expect_out "Dạ, em sẽ đến ạ"
expect_out "+8497****111"
expect_lines 4
expect_ok inbox list --csv
expect_out "id,received,from,note,text"

expect_ok sms status
expect_out "connected"
expect_out "signal         42%"
expect_out "queued         0"
expect_out "sent           2"

# Quiet hours: queued at 22:00, held until 07:00.
SHG_NOW="2026-11-23 22:00" expect_ok sms send 0911222333 "late"
SHG_NOW="2026-11-23 22:00" expect_ok serve --once
expect_out "sent 0"
expect_out "sending held"
SHG_NOW="2026-11-24 07:00" expect_ok serve --once
expect_out "sent 1"

# A modem that cannot be opened: the pass goes on, the queue is kept.
sed -i 's|device = "modem";|device = "/nonexistent/modem";|' "$DIR/shg.conf"
expect_ok sms send 0911222333 "while down"
expect_ok serve --once
expect_out "sending held"
expect_eq "still queued" 1 "$(sql "SELECT count(*) FROM outbox WHERE state = 'queued'")"
expect_ok sms status
expect_out "not connected"
sed -i 's|device = "/nonexistent/modem";|device = "modem";|' "$DIR/shg.conf"

# SIGHUP reloads, SIGTERM stops cleanly.
"$SHG" -c "$DIR/shg.conf" serve >"$DIR/out" 2>"$DIR/err" &
spid=$!
sleep 1
# A second service on the same database is refused (the running one may
# be writing, so the database hash is not compared here).
"$SHG" -c "$DIR/shg.conf" serve --once >"$DIR/out2" 2>"$DIR/err2"
expect_eq "second serve refused" 1 "$?"
grep -q "another shg serve is already running" "$DIR/err2" &&
	pass=$((pass + 1)) || not_ok "no lock message: $(cat "$DIR/err2")"
# ... and so is one reaching the same file through a symlink or a hard
# link (the lock is on the database file, not its name)
ln -s "$DIR/shg.db" "$DIR/sym.db"
ln "$DIR/shg.db" "$DIR/hard.db"
for l in sym hard; do
	sed "s|^database = .*|database = \"$DIR/$l.db\";|" "$DIR/shg.conf" >"$DIR/$l.conf"
	"$SHG" -c "$DIR/$l.conf" serve --once >"$DIR/out2" 2>"$DIR/err2"
	expect_eq "second serve through a $l link refused" 1 "$?"
	grep -q "another shg serve is already running" "$DIR/err2" &&
		pass=$((pass + 1)) || not_ok "$l link: $(cat "$DIR/err2")"
done
rm -f "$DIR/sym.db" "$DIR/hard.db" "$DIR/hard.db-wal" "$DIR/hard.db-shm"
kill -HUP $spid
# A pass may be under way: wait (up to 20 s) until the reload is logged,
# so that SIGTERM does not overtake it on a loaded machine.
for _ in $(seq 40); do
	grep -q "configuration reloaded" "$DIR/err" && break
	sleep 0.5
done
kill -TERM $spid
wait $spid
expect_eq "exit after SIGTERM" 0 $?
grep -q "configuration reloaded" "$DIR/err" && pass=$((pass + 1)) ||
	not_ok "no reload after SIGHUP: $(cat "$DIR/err")"
grep -q "service stopped" "$DIR/err" && pass=$((pass + 1)) ||
	not_ok "no clean stop after SIGTERM: $(cat "$DIR/err")"
expect_eq "sent after reconnect" 0 "$(sql "SELECT count(*) FROM outbox WHERE state = 'queued'")"
