#!/bin/sh
# "make demo-web": the demo's database (made by docs/demo.sh when it is not
# there yet), two demo accounts, and "shg web" on it until Ctrl-C.
set -e
SHG=${1:?usage: demo-web.sh PATH-TO-SHG}
top=$(cd "$(dirname "$0")/.." && pwd)
dir="$top/demo"
listen=${LISTEN:-127.0.0.1:8080}
[ -f "$dir/shg.db" ] || sh "$top/docs/demo.sh" "$SHG" >/dev/null 2>&1
export SHG_CONFIG="$dir/shg.conf"
# The pages use the real clock: failed logins wait in real time.
unset SHG_NOW

account() {
	name=$1 password=$2
	shift 2
	if ! "$SHG" user list --csv | grep -q "^$name,"; then
		printf '%s\n' "$password" | "$SHG" --as demo user add "$name" "$@" \
		    >/dev/null
	fi
	printf '  %-6s %-18s %s\n' "$name" "$password" "$*"
}

echo "Demo accounts (user name, password):"
account huong "hoa-sen-2026" --role organiser --groups "Hoa Sen"
account minh "muong-khuong-2026" --role coordinator --district "Mường Khương"
echo
echo "Open http://$listen/ in a browser (Ctrl-C stops the server)."
exec "$SHG" web --listen "$listen"
