# "make install DESTDIR=... PREFIX=/usr" lays out every file the Debian
# package ships, with its mode, and paths rewritten for /usr; the backup
# script keeps the nightly and weekly copies it should. Runs without root
# and without network. "-o shg": install the ./shg already built, never
# rebuild it with another PREFIX while the tests use the tree.
src=
for r in "$(dirname "$SHG")" "$(dirname "$SHG")/.." "$(dirname "$SHG")/../.."; do
	[ -f "$r/Makefile" ] && [ -f "$r/config/shg.conf" ] && src=$(cd "$r" && pwd) && break
done
root="$DIR/root"
if [ -z "$src" ] || [ ! -x "$src/shg" ]; then
	not_ok "no source tree with a built ./shg beside $SHG"
elif ! make -s -C "$src" -o shg install DESTDIR="$root" PREFIX=/usr \
    >"$DIR/make.out" 2>&1; then
	not_ok "make install failed: $(tail -c 600 "$DIR/make.out")"
else
	pass=$((pass + 1))
fi

# Every file with its mode; nothing outside /usr and /etc.
for fm in usr/bin/shg:755 usr/lib/shg/shg-backup:755 \
    usr/share/locale/vi/LC_MESSAGES/shg.mo:644 \
    etc/shg/shg.conf:640 etc/default/shg:644 \
    usr/lib/systemd/system/shg.service:644 \
    usr/lib/systemd/system/shg-backup.service:644 \
    usr/lib/systemd/system/shg-backup.timer:644 \
    usr/share/man/man1/shg.1:644 usr/share/man/man5/shg.conf.5:644 \
    usr/share/man/man7/shg-sms.7:644 usr/share/man/vi/man1/shg.1:644 \
    usr/share/man/vi/man5/shg.conf.5:644 usr/share/man/vi/man7/shg-sms.7:644 \
    usr/share/doc/shg/README.md:644 usr/share/doc/shg/deploy.md:644 \
    usr/share/doc/shg/examples/shg.conf:644 \
    usr/share/doc/shg/examples/99-shg-modem.rules:644; do
	f=${fm%:*} m=${fm#*:}
	expect_eq "mode of /$f" "$m" "$(stat -c %a "$root/$f" 2>&1)"
done
expect_eq "top folders" "etc usr" "$(ls "$root" | tr '\n' ' ' | sed 's/ $//')"
# a web unit, when the tree has one, is installed by the same wildcard
for u in "$src"/config/shg*.service "$src"/config/*.timer; do
	[ -f "$u" ] && expect_eq "unit ${u##*/}" "644" \
	    "$(stat -c %a "$root/usr/lib/systemd/system/${u##*/}" 2>&1)"
done

# Units and the script name the installed paths, never /usr/local.
expect_eq "no /usr/local left" "" \
	"$(grep -l /usr/local "$root"/usr/lib/systemd/system/* "$root/usr/lib/shg/shg-backup")"
u="$root/usr/lib/systemd/system"
expect_eq "service runs /usr/bin/shg" "ExecStart=/usr/bin/shg serve" \
	"$(grep '^ExecStart=' "$u/shg.service")"
expect_eq "backup runs the script" "ExecStart=/usr/lib/shg/shg-backup" \
	"$(grep '^ExecStart=' "$u/shg-backup.service")"
for k in User=shg ProtectSystem=strict ReadWritePaths=/var/lib/shg \
    PrivateTmp=yes NoNewPrivileges=yes SupplementaryGroups=dialout \
    ConditionPathExists=/var/lib/shg/shg.db; do
	if grep -qx "$k" "$u/shg.service"; then pass=$((pass + 1)); else
		not_ok "shg.service lacks $k"; fi
done
expect_eq "backup service has no modem" "" "$(grep dialout "$u/shg-backup.service")"
# The web interface runs as its own user in the group shg, which shares
# the data folder (setgid 2770); no unit lets systemd reset that folder.
for k in User=shg-web Group=shg ProtectSystem=strict ReadWritePaths=/var/lib/shg \
    PrivateDevices=yes NoNewPrivileges=yes ConditionPathExists=/var/lib/shg/shg.db; do
	if grep -qx "$k" "$u/shg-web.service"; then pass=$((pass + 1)); else
		not_ok "shg-web.service lacks $k"; fi
done
expect_eq "web service has no modem" "" "$(grep -v '^#' "$u/shg-web.service" | grep dialout)"
expect_eq "no unit sets the data folder's mode" "" \
	"$(grep -l '^StateDirectory' "$u"/shg*.service)"
for k in '^u shg-web ' '^m shg-web shg$'; do
	if grep -q "$k" "$src/debian/shg.sysusers"; then pass=$((pass + 1)); else
		not_ok "shg.sysusers lacks $k"; fi
done
expect_eq "data folder shared with the group" "d /var/lib/shg 2770 shg shg -" \
	"$(grep ' /var/lib/shg ' "$src/debian/shg.tmpfiles")"
# shg init in such a folder makes a database both users write, whatever
# the umask (tests/test_db.c: 0600 in a plain folder)
mkdir "$DIR/shared" && chmod 2770 "$DIR/shared"
echo 'database = "shared/shg.db";' >"$DIR/shared.conf"
(umask 022 && "$SHG" -c "$DIR/shared.conf" init) >"$DIR/out" 2>"$DIR/err"
expect_eq "init in a setgid folder" "0" "$?"
expect_eq "database mode in a setgid folder" "660" "$(stat -c %a "$DIR/shared/shg.db" 2>&1)"
expect_eq "timer is nightly" "OnCalendar=*-*-* 02:30:00" "$(grep '^OnCalendar=' "$u/shg-backup.timer")"
if command -v systemd-analyze >/dev/null 2>&1; then
	# unknown keys or sections are reported (missing binaries are not: /usr/bin/shg is in DESTDIR)
	systemd-analyze verify "$u/shg.service" "$u/shg-web.service" "$u/shg-backup.service" "$u/shg-backup.timer" 2>&1 |
	    grep -iE 'unknown|invalid|failed to parse' >"$DIR/verify"
	expect_eq "systemd-analyze verify" "" "$(head -c 600 "$DIR/verify")"
fi

# The configuration: the example with the data under /var/lib/shg, valid.
expect_eq "database path" 'database = "/var/lib/shg/shg.db";' \
	"$(grep '^database' "$root/etc/shg/shg.conf")"
"$SHG" -c "$root/etc/shg/shg.conf" check-config >"$DIR/out" 2>"$DIR/err"
expect_eq "installed config is valid" "0" "$?"
expect_eq "other settings as the example" "2" \
	"$(diff "$src/config/shg.conf" "$root/etc/shg/shg.conf" | grep -c '^>')"
# a second install keeps a configuration the admin changed
echo '# changed by the admin' >>"$root/etc/shg/shg.conf"
make -s -C "$src" -o shg install DESTDIR="$root" PREFIX=/usr >"$DIR/make.out" 2>&1
expect_eq "config kept" "# changed by the admin" "$(tail -n 1 "$root/etc/shg/shg.conf")"

# The installed binary and its catalogue speak Vietnamese.
SHG_LOCALEDIR="$root/usr/share/locale" "$root/usr/bin/shg" --lang vi help \
	>"$DIR/out" 2>"$DIR/err"
expect_out "cách dùng: shg"

# Manual pages: each renders without a warning, and shg(1) names every
# command of "shg help".
for m in "$root"/usr/share/man/man*/* "$root"/usr/share/man/vi/man*/*; do
	if command -v groff >/dev/null 2>&1; then
		w=$(LC_ALL=C.UTF-8 groff -k -wall -mandoc -Tutf8 "$m" 2>&1 >/dev/null)
		expect_eq "groff warnings in ${m#$root}" "" "$w"
	fi
done
"$SHG" help >"$DIR/help"
sed -n 's/^  \([a-z-]*\( [a-z-]*\)\{0,1\}\)  .*/\1/p' "$DIR/help" | sed 's/ *$//' |
while read -r c; do
	[ -n "$c" ] || continue
	for m in man1/shg.1 vi/man1/shg.1; do
		grep -q "^\.Cm ${c}\$" "$root/usr/share/man/$m" || echo "$m: $c"
	done
done >"$DIR/missing"
expect_eq "commands missing from shg(1)" "" "$(head -c 400 "$DIR/missing")"

# Backups: the installed script copies the database and keeps the last
# 14 nightly copies and the newest copy of each of the last 8 weeks.
bk="$DIR/bk"
backup() {
	SHG="$SHG" SHG_CONFIG="$DIR/shg.conf" SHG_DEFAULTS=/dev/null SHG_BACKUP_DIR="$bk" \
	    SHG_BACKUP_KEEP=${2:-14} SHG_BACKUP_WEEKS=8 SHG_BACKUP_DATE=$1 sh "$root/usr/lib/shg/shg-backup" >"$DIR/out" 2>"$DIR/err"
}
backup 2026-08-01
expect_eq "first backup" "0" "$?"
expect_eq "backup is a database" "ok" \
	"$(sqlite3 "$bk/shg-2026-08-01.db" 'PRAGMA integrity_check')"
expect_eq "backup folder mode" "700" "$(stat -c %a "$bk")"
d=2026-08-02
while [ "$d" != 2026-11-23 ]; do
	cp "$bk/shg-2026-08-01.db" "$bk/shg-$d.db"
	d=$(date -d "$d + 1 day" +%Y-%m-%d)
done
touch "$bk/notes.txt"
backup 2026-11-23
expect_eq "nightly backup" "0" "$?"
expect_out "19 copies kept"
# nightly: 10/11 to 23/11; weekly: the last copy (Sunday) of each week
# before, the 8th week counted back being that of 11/10 (Monday 23/11 is
# the first); other files stay
expect_eq "copies kept" "notes.txt $(printf 'shg-2026-%s.db ' 10-11 10-18 10-25 11-01 11-08 \
	11-10 11-11 11-12 11-13 11-14 11-15 11-16 11-17 11-18 11-19 11-20 \
	11-21 11-22 11-23 | sed 's/ $//')" "$(ls "$bk" | tr '\n' ' ' | sed 's/ $//')"
backup 2026-11-24 abc
expect_eq "bad keep exit" "1" "$?"
expect_eq "bad keep message" "shg-backup: SHG_BACKUP_KEEP must be a whole number, not 'abc'" \
	"$(cat "$DIR/err")"
expect_eq "bad keep removes nothing" "20" "$(ls "$bk" | wc -l)"

# shg.conf(5), in both languages, documents every setting of the example.
awk '/^[a-z_]+ = \{/ { sec = $1 "." } /^\};/ { sec = "" }
    /^ *[a-z_]+ = / { n = $1; if ($3 != "{" && $3 != "(") print (/^ / ? sec : "") n }
    /^ *[a-z_]+ = \(/ { print sec $1 }' "$src/config/shg.conf" | sort -u >"$DIR/settings"
for m in man5/shg.conf.5 vi/man5/shg.conf.5; do
	while read -r k; do
		grep -E '^(\.It |templates\.)' "$root/usr/share/man/$m" |
		    grep -qE "(^|[ ])$k( |$)" ||
		    echo "$m: $k"
	done <"$DIR/settings"
done >"$DIR/missing"
expect_eq "settings missing from shg.conf(5)" "" "$(head -c 400 "$DIR/missing")"
expect_eq "settings found" "1" "$([ "$(wc -l <"$DIR/settings")" -gt 40 ] && echo 1)"
