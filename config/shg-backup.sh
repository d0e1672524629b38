#!/bin/sh
# shg-backup: one copy of the shg database, then rotation. Started each
# night by shg-backup.service, as the user shg; may be run by hand too.
#
# The copy is made with "shg backup" (consistent while shg serve runs,
# checked, written under a temporary name and renamed) as
# $SHG_BACKUP_DIR/shg-YYYY-MM-DD.db. Then the newest $SHG_BACKUP_KEEP
# copies are kept, and the newest copy of each of the last
# $SHG_BACKUP_WEEKS weeks that have one; the rest are removed. Only files named shg-YYYY-MM-DD.db are ever removed.
#
# Settings: /etc/default/shg ($SHG_DEFAULTS for another file). For tests:
# $SHG is the binary, $SHG_BACKUP_DATE (YYYY-MM-DD) names the copy.
set -eu

defaults=${SHG_DEFAULTS:-/etc/default/shg}
if [ -r "$defaults" ]; then . "$defaults"; fi
SHG=${SHG:-/usr/local/bin/shg}
dir=${SHG_BACKUP_DIR:-/var/lib/shg/backups}
keep=${SHG_BACKUP_KEEP:-14}
weeks=${SHG_BACKUP_WEEKS:-8}
day=${SHG_BACKUP_DATE:-$(date +%Y-%m-%d)}

die() { echo "shg-backup: $*" >&2; exit 1; }
case $keep in ''|*[!0-9]*) die "SHG_BACKUP_KEEP must be a whole number, not '$keep'" ;; esac
case $weeks in ''|*[!0-9]*) die "SHG_BACKUP_WEEKS must be a whole number, not '$weeks'" ;; esac
[ "$keep" -ge 1 ] || die "SHG_BACKUP_KEEP must be at least 1"
week() { date -d "$1" +%G-%V 2>/dev/null; }
week "$day" >/dev/null || die "SHG_BACKUP_DATE '$day' is not a date (YYYY-MM-DD)"

umask 077
mkdir -p "$dir"
"$SHG" backup "$dir/shg-$day.db"

# Newest first; the names sort by date.
n=0 kept=0 removed=0 seen=" " nweeks=0
for f in $(ls -1 "$dir" | grep -E '^shg-[0-9]{4}-[0-9]{2}-[0-9]{2}\.db$' | sort -r); do
	d=${f#shg-}; d=${d%.db}
	w=$(week "$d") || w=
	n=$((n + 1))
	keepit=0
	[ "$n" -le "$keep" ] && keepit=1
	if [ -n "$w" ] && [ "${seen#* $w }" = "$seen" ]; then
		# first (newest) copy of its week
		if [ "$nweeks" -lt "$weeks" ]; then keepit=1; fi
		seen="$seen$w "
		nweeks=$((nweeks + 1))
	fi
	if [ "$keepit" = 1 ]; then kept=$((kept + 1)); else
		rm -f "$dir/$f"; removed=$((removed + 1)); fi
done
echo "shg-backup: $kept copies kept in $dir, $removed removed"
