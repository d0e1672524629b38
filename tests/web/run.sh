#!/bin/sh
# The web interface in a real browser: a scratch database with two groups,
# people, an organiser and a coordinator account, "shg web" on a free port, then
# tests/web/browser.py drives headless Chromium against it and ends with
# "web: N passed, N failed". Screenshots go to $SCREENS (build/screens).
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${SHG:?set SHG to the shg binary}"
SCREENS=${SCREENS:-$top/build/screens}
dir=$(mktemp -d /tmp/shg-web-XXXXXX)
# The real clock: failed logins slow the next try down for a while.
export SHG_CONFIG="$dir/shg.conf" LC_ALL=C.UTF-8
unset LANGUAGE SHG_NOW
# "today" as the service sees it: in its time zone (shg init's default,
# Asia/Ho_Chi_Minh), which is a day ahead of UTC after 17:00 UTC.
today=$(TZ=Asia/Ho_Chi_Minh date +%F)
weekday=$(TZ=Asia/Ho_Chi_Minh LC_ALL=C date +%a | tr 'A-Z' 'a-z')
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "web: setup failed: $*" >&2; echo "web: 0 passed, 1 failed"; exit 1; }

shg() { "$SHG" --as tester "$@"; }
# A person in district $2, joined to group $3: prints the case code.
person() {
	code=$(shg --lang en person add --name "$1" --gender nữ --born 1995 \
	    --category at-risk --phone "$4" --district "$2" --province "Lào Cai" \
	    --consent yes) || fail "person add $1"
	code=${code##* }
	shg group join "$3" "$code" --date 2026-01-05 >/dev/null || fail "join $code"
	echo "$code"
}

cd "$dir" || exit 1
shg init >/dev/null || fail "init"
shg group add "Hoa Sen" --district "Mường Khương" --province "Lào Cai" \
    --place "Nhà văn hoá thôn Bản Lầu" --commune "Bản Lầu" \
    --schedule "weekly $weekday 08:00" --from 2026-01-01 >/dev/null || fail "group"
shg group add "Bình Minh" --district "Bắc Hà" --province "Lào Cai" \
    --commune "Tà Chải" --schedule "lunar 15 08:00" --from 2026-01-01 \
    >/dev/null || fail "group 2"
hoa=$(person "Nguyễn Thị Hoa" "Mường Khương" "Hoa Sen" "0912 345 678")
mai=$(person "Vàng Thị Mai" "Mường Khương" "Hoa Sen" "0912 345 679")
lan=$(person "Lò Thị Lan" "Bắc Hà" "Bình Minh" "0912 345 680")
shg grant give "$hoa" --kind sow --count 1 --value 3000000 --source ngo:Plan \
    --date 2026-01-10 --passon 2 --passon-by 2027-06-01 >/dev/null || fail "grant"
echo "mật khẩu rất dài" | shg user add thu --role organiser --groups "Hoa Sen" \
    >/dev/null || fail "user add"
echo "mật khẩu điều phối" | shg user add tinh --role coordinator \
    --province "Lào Cai" >/dev/null || fail "coordinator add"
echo "mật khẩu rất dài" | shg user add quantri --role admin >/dev/null ||
    fail "user add admin"
lan_id=$(sqlite3 "$dir/shg.db" "SELECT id FROM person WHERE case_code = '$lan'") || fail "person id"
# The SMS pages: a coordinator of Mường Khương; an organiser's form
# taken by the service (dummy modem) and answered; a message to a member
# of each district.
echo "mật khẩu rất dài" | shg user add minh --role coordinator \
    --district "Mường Khương" >/dev/null || fail "user add minh"
echo "mật khẩu rất dài" | shg user add tu --role organiser --groups "Hoa Sen" \
    --phone 0987000002 >/dev/null || fail "user add tu"
form="HOP Hoa Sen $(date -d yesterday +%d/%m) CO ${hoa##*-} VANG ${mai##*-}"
shg sms inject 0987000002 "$form" >/dev/null || fail "sms inject"
shg serve --once >/dev/null 2>&1 && shg serve --once >/dev/null 2>&1 || fail "serve --once"
shg sms send "$hoa" "Chị Hoa ơi, mai họp nhóm nhé" >/dev/null || fail "sms send"
shg sms send "$lan" "Chị Lan ơi, mai họp nhóm nhé" >/dev/null || fail "sms send 2"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$SHG" web --listen "127.0.0.1:$port" >"$dir/web.log" 2>&1 &
pid=$!
i=0
until /usr/bin/python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 100 ] && { cat "$dir/web.log" >&2; fail "shg web did not start"; }
	sleep 0.1
done
mkdir -p "$SCREENS"
/usr/bin/python3 "$here/browser.py" --url "http://127.0.0.1:$port" \
    --shg "$SHG" --screens "$SCREENS" --user thu --password "mật khẩu rất dài" \
    --group "Hoa Sen" --member "$hoa" --absent "$mai" --other-id "$lan_id" \
    --today "$today" --coord tinh --coord-password "mật khẩu điều phối" \
    --db "$dir/shg.db" --work "$dir"
rc=$?

# The coordinators' pages: a coordinator of Mường Khương; Hoa's loan four
# months in arrears, Mai's current one and a cow owed on, Lan's loan in
# Bắc Hà (another district).
echo "mật khẩu điều phối" | shg user add dieuphoi --role coordinator \
    --district "Mường Khương" >/dev/null || fail "coordinator"
lend() {
	shg loan disburse "$1" --principal 3000000 --rate 0.65%/month --term 6 \
	    --source wu --group "$2" --date "$3" >/dev/null || fail "loan $1"
	sqlite3 "$dir/shg.db" "SELECT max(l.id) FROM loan l JOIN person p ON \
	    p.id = l.person_id WHERE p.case_code = '$1'" || fail "loan id"
}
loan=$(lend "$hoa" "Hoa Sen" "$(date -d '-120 days' +%F)")
lend "$mai" "Hoa Sen" "$today" >/dev/null
other_loan=$(lend "$lan" "Bình Minh" "$(date -d '-120 days' +%F)")
shg grant give "$mai" --kind cow --count 1 --value 15000000 --source wu \
    --date "$(date -d '-300 days' +%F)" --passon 1 \
    --passon-by "$(date -d '-10 days' +%F)" >/dev/null || fail "grant"
/usr/bin/python3 "$here/coord.py" --url "http://127.0.0.1:$port" \
    --screens "$SCREENS" --user dieuphoi --password "mật khẩu điều phối" \
    --loan "$loan" --other-loan "$other_loan" || rc=1

# A message the modem could not read, set aside: a problem on the
# administrator's follow-up list once the service has passed.
sqlite3 "$dir/shg.db" "INSERT INTO inbox_quarantine (received_at, location, \
    reason, raw) VALUES (strftime('%s', 'now'), 3, 'Corrupted data returned \
    by phone.', '07914889200030F0040B9148')" || fail "quarantine"
shg serve --once >/dev/null 2>&1 || fail "serve --once (quarantine)"
/usr/bin/python3 "$here/admin.py" --url "http://127.0.0.1:$port" \
    --shg "$SHG" --screens "$SCREENS" --user thu --admin quantri \
    --password "mật khẩu rất dài" --group "Hoa Sen" --member "$hoa" \
    --today "$today" || rc=1

/usr/bin/python3 "$here/sms.py" --url "http://127.0.0.1:$port" \
    --screens "$SCREENS" --user minh --password "mật khẩu rất dài" \
    --inside-text "Chị Hoa ơi" --outside-text "Chị Lan ơi" --form-text "$form" \
    --organiser tu --organiser-password "mật khẩu rất dài" || rc=1
kill "$pid" && wait "$pid"
stop=$?
pid=
if [ "$stop" -ne 0 ]; then
	echo "FAIL: shg web did not stop cleanly on SIGTERM (exit $stop)" >&2
	cat "$dir/web.log" >&2
	rc=1
fi
exit $rc
