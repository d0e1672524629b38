# report summary: text, CSV, HTML and bad input
export SHG_NOW="2026-07-15 09:00"

expect_ok person add --name "Lò Thị Mai" --gender female --category returned-self \
	--province "Lào Cai" --district "Sa Pa" --returned 2026-02-10 --phone 0912345678
A=$(sed -n 's/^added //p' "$DIR/out")
expect_ok person add --name "Vừ Thị Dua" --gender female --category at-risk \
	--province "Hà Giang"
B=$(sed -n 's/^added //p' "$DIR/out")
expect_ok group add "<script>alert(1)</script>" --province "Lào Cai" --founded 2026-01-05
expect_ok group join "<script>alert(1)</script>" "$A" --date 2026-01-10
expect_ok meeting record "<script>alert(1)</script>" --date 2026-02-15 --present "$A"

# --- text ---
expect_ok report summary --from 2026-01-01 --to 2026-06-30
expect_out "Summary report 2026-01-01 to 2026-06-30"
expect_out "Place: all"
expect_out "People by category"
expect_out "average attendance  100,00%"
for private in "Lò Thị" "Vừ Thị" "0912" "+8491" "script"; do
	expect_no_out "$private"
done
# returned-self: received 1, in follow-up 1; at-risk: 0 and 1
expect_eq "returned-self" "1 1" \
	"$(awk '$1 == "returned-self" { print $2, $3 }' "$DIR/out")"
expect_eq "total" "1 2" "$(awk '$1 == "total" { print $2, $3; exit }' "$DIR/out")"

expect_ok report summary --from 2026-01-01 --to 2026-06-30 --province "Hà Giang"
expect_out "Place: province Hà Giang"
expect_eq "Hà Giang total" "0 1" \
	"$(awk '$1 == "total" { print $2, $3; exit }' "$DIR/out")"
expect_out "active groups           0"

# --- CSV: a header and four fields on every line ---
expect_ok report summary --from 2026-01-01 --to 2026-06-30 --csv
expect_eq "csv header" "section,item,measure,value" "$(head -n 1 "$DIR/out" | tr -d '\r')"
expect_eq "csv fields" "4" \
	"$(tr -d '\r' <"$DIR/out" | awk -F, '{ print NF }' | sort -u | tr '\n' ' ' | tr -d ' ')"
expect_out "people,returned-self,received,1"
expect_out "groups,meetings held,value,1"
expect_no_out "Lò Thị"

# --- HTML ---
expect_ok report summary --from 2026-01-01 --to 2026-06-30 --html "$DIR/r.html"
expect_out "wrote $DIR/r.html"
expect_eq "html svg" 3 "$(grep -o '<svg' "$DIR/r.html" | wc -l)"
expect_eq "html urls" 0 "$(grep -c 'http' "$DIR/r.html")"
expect_eq "html script" 0 "$(grep -c '<script' "$DIR/r.html")"
expect_eq "html names" 0 "$(grep -c 'Lò Thị\|0912' "$DIR/r.html")"

# --- bad input ---
expect_fail 1 '--from: "2026-13-01" is not a date' \
	report summary --from 2026-13-01 --to 2026-06-30
expect_fail 1 '--to: "2026-06-31" is not a date' \
	report summary --from 2026-01-01 --to 2026-06-31
expect_fail 1 "--from 2026-07-01 is after --to 2026-06-30" \
	report summary --from 2026-07-01 --to 2026-06-30
expect_fail 2 "--from and --to are needed" report summary --from 2026-01-01
expect_fail 2 'unknown option "--place"' \
	report summary --from 2026-01-01 --to 2026-06-30 --place x
expect_fail 2 "--to needs a value" report summary --from 2026-01-01 --to
expect_fail 2 "--html needs a file name" \
	report summary --from 2026-01-01 --to 2026-06-30 --html ""
expect_fail 1 "no-such-dir/r.html" \
	report summary --from 2026-01-01 --to 2026-06-30 --html "$DIR/no-such-dir/r.html"
