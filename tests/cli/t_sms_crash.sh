# SIGKILL `shg serve` again and again while it sends and receives, then
# check that nothing was lost: every queued message sent, at most one
# duplicate per kill, every reply stored exactly once, a sound database.

# Only the messages queued here are counted: no polite replies to the
# unknown numbers that answer.
sed -i -e 's/per_minute = [0-9]*;/per_minute = 600;/' \
    -e 's/unknown_reply = true;/unknown_reply = false;/' "$DIR/shg.conf"
n=80
i=1
while [ $i -le $n ]; do
	"$SHG" -c "$DIR/shg.conf" sms send "09112220$((i % 5))$((i % 10))" \
	    "msg $i end" >/dev/null 2>&1 || not_ok "queue msg $i"
	i=$((i + 1))
done
i=1
while [ $i -le 15 ]; do
	"$SHG" -c "$DIR/shg.conf" sms inject "0977000$(printf %03d $i)" \
	    "reply $i xong" >/dev/null 2>&1 || not_ok "inject reply $i"
	i=$((i + 1))
done
"$SHG" -c "$DIR/shg.conf" sms inject 0966000001 \
    "long reply one, split into three parts by the dummy modem for this test" \
    --parts 3 >/dev/null 2>&1 || not_ok "inject multipart"

kills=0
round=0
late=0
resends=0
while [ $round -lt 40 ]; do
	round=$((round + 1))
	left=$(sql "SELECT count(*) FROM outbox WHERE state IN ('queued','sending')")
	inmodem=$(ls "$DIR/modem/sms/1" | wc -l)
	[ "$left" -eq 0 ] && [ "$inmodem" -eq 0 ] && break
	"$SHG" -c "$DIR/shg.conf" serve >/dev/null 2>"$DIR/serve.err" &
	spid=$!
	# Kill at a different moment each round: 20..290 ms in.
	sleep "0.$(printf %02d $(( (round * 37) % 28 + 2 )))"
	kill -KILL $spid 2>/dev/null && kills=$((kills + 1))
	wait $spid 2>/dev/null
	# New replies keep arriving between the first kills.
	if [ $round -le 8 ]; then
		"$SHG" -c "$DIR/shg.conf" sms inject "0955000$(printf %03d $round)" \
		    "late $round xong" >/dev/null 2>&1 && late=$round
	fi
	grep -q "were being sent" "$DIR/serve.err" && resends=$((resends + 1))
done
expect_ok serve --once

echo "t_sms_crash: $round rounds, $kills kills, $resends restarts found a message being sent" >&2
expect_eq "kills happened" yes "$([ $kills -ge 3 ] && echo yes || echo no)"
expect_eq "all sent" $n "$(sql "SELECT count(*) FROM outbox WHERE state = 'sent'")"
copies=$(cat "$DIR"/modem/sent/* | grep -c '^; msg [0-9]* end$')
dups=$((copies - n))
echo "t_sms_crash: $dups duplicate(s)" >&2
expect_eq "at most one duplicate per kill ($dups dups, $kills kills)" yes \
    "$([ $dups -ge 0 ] && [ $dups -le $kills ] && echo yes || echo no)"
missing=0
i=1
while [ $i -le $n ]; do
	cat "$DIR"/modem/sent/* | grep -q "^; msg $i end$" || missing=$((missing + 1))
	i=$((i + 1))
done
expect_eq "every message reached the modem" 0 $missing
expect_eq "modem emptied" 0 "$(ls "$DIR/modem/sms/1" | wc -l)"
expect_eq "replies stored once" 15 \
    "$(sql "SELECT count(DISTINCT text) FROM inbox WHERE text LIKE 'reply % xong'")"
expect_eq "no reply twice" 0 \
    "$(sql "SELECT count(*) FROM (SELECT text FROM inbox GROUP BY text HAVING count(*) > 1)")"
expect_eq "late replies" "$late" \
    "$(sql "SELECT count(*) FROM inbox WHERE text LIKE 'late % xong'")"
expect_eq "multipart whole" 1 \
    "$(sql "SELECT count(*) FROM inbox WHERE complete = 1 AND text LIKE 'long reply one%this test'")"
expect_eq "integrity" ok "$(sql "PRAGMA integrity_check")"
