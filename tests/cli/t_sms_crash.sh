# SIGKILL `shg serve` again and again while it sends and receives, then
# check that nothing was lost: every queued message sent, at most one
# duplicate per kill, every reply stored exactly once, a sound database.
#
# The counts can be raised for a longer run (bench/crash.sh, "make bench"):
# CRASH_MESSAGES to queue, CRASH_REPLIES to inject before the first start,
# CRASH_LATE rounds that inject one more reply each, at most CRASH_ROUNDS
# restarts. Each round runs a minute later (SHG_NOW), so the rate limit
# of sms.per_minute never holds the queue for good.

# Only the messages queued here are counted: no polite replies to the
# unknown numbers that answer.
sed -i -e 's/per_minute = [0-9]*;/per_minute = 600;/' \
    -e 's/unknown_reply = true;/unknown_reply = false;/' "$DIR/shg.conf"
n=${CRASH_MESSAGES:-80}
nreplies=${CRASH_REPLIES:-15}
nlate=${CRASH_LATE:-8}
maxrounds=${CRASH_ROUNDS:-40}
i=1
while [ $i -le $n ]; do
	"$SHG" -c "$DIR/shg.conf" sms send "09112220$((i % 5))$((i % 10))" \
	    "msg $i end" >/dev/null 2>&1 || not_ok "queue msg $i"
	i=$((i + 1))
done
i=1
while [ $i -le $nreplies ]; do
	"$SHG" -c "$DIR/shg.conf" sms inject "097700$(printf %04d $i)" \
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
at() {
	printf '2026-11-23 %02d:%02d' $((9 + $1 / 60)) $(($1 % 60))
}
while [ $round -lt $maxrounds ]; do
	round=$((round + 1))
	left=$(sql "SELECT count(*) FROM outbox WHERE state IN ('queued','sending')")
	inmodem=$(ls "$DIR/modem/sms/1" | wc -l)
	[ "$left" -eq 0 ] && [ "$inmodem" -eq 0 ] && break
	SHG_NOW=$(at $round) "$SHG" -c "$DIR/shg.conf" serve >/dev/null \
	    2>"$DIR/serve.err" &
	spid=$!
	# Kill at a different moment each round: 20..290 ms in.
	sleep "0.$(printf %02d $(( (round * 37) % 28 + 2 )))"
	kill -KILL $spid 2>/dev/null && kills=$((kills + 1))
	wait $spid 2>/dev/null
	# New replies keep arriving between the first kills.
	if [ $round -le $nlate ]; then
		"$SHG" -c "$DIR/shg.conf" sms inject "095500$(printf %04d $round)" \
		    "late $round xong" >/dev/null 2>&1 && late=$round
	fi
	grep -q "were being sent" "$DIR/serve.err" && resends=$((resends + 1))
done
SHG_NOW=$(at $((round + 1))) expect_ok serve --once

echo "t_sms_crash: $round rounds, $kills kills, $resends restarts found a message being sent" >&2
expect_eq "kills happened" yes "$([ $kills -ge 3 ] && echo yes || echo no)"
expect_eq "all sent" $n "$(sql "SELECT count(*) FROM outbox WHERE state = 'sent'")"
copies=$(cat "$DIR"/modem/sent/* | grep -c '^; msg [0-9]* end$')
dups=$((copies - n))
echo "t_sms_crash: $dups duplicate(s)" >&2
expect_eq "at most one duplicate per kill ($dups dups, $kills kills)" yes \
    "$([ $dups -ge 0 ] && [ $dups -le $kills ] && echo yes || echo no)"
distinct=$(cat "$DIR"/modem/sent/* | grep '^; msg [0-9]* end$' | sort -u | wc -l)
expect_eq "every message reached the modem" $n $distinct
expect_eq "modem emptied" 0 "$(ls "$DIR/modem/sms/1" | wc -l)"
expect_eq "replies stored once" $nreplies \
    "$(sqlk "SELECT count(DISTINCT text) FROM inbox WHERE text LIKE 'reply % xong'")"
expect_eq "no reply twice" 0 \
    "$(sqlk "SELECT count(*) FROM (SELECT text FROM inbox GROUP BY text HAVING count(*) > 1)")"
expect_eq "late replies" "$late" \
    "$(sqlk "SELECT count(*) FROM inbox WHERE text LIKE 'late % xong'")"
expect_eq "multipart whole" 1 \
    "$(sqlk "SELECT count(*) FROM inbox WHERE complete = 1 AND text LIKE 'long reply one%this test'")"
expect_eq "integrity" ok "$(sql "PRAGMA integrity_check")"
