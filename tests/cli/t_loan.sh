# loan, grant and visit commands
export SHG_NOW="2026-11-23 09:00"

expect_ok person add --name "Lò Thị Mai" --gender female --category returned-official \
	--commune "Mường Lống" --returned 2026-06-01
A=$(sed -n 's/^added //p' "$DIR/out")
expect_ok person add --name "Vừ Thị Dua" --gender female --category at-risk \
	--commune "Na Ngoi"
B=$(sed -n 's/^added //p' "$DIR/out")
expect_ok group add "Hoa Mai" --organiser "Chị Lan" --commune "Mường Lống"
expect_ok group join "Hoa Mai" "$A" --date 2026-06-10

# --- disburse ---
expect_ok loan disburse "$A" --principal 12.000.000 --rate 0.65%/month --term 12 \
	--method flat --interest schedule --source vbsp --group "Hoa Mai" --date 2026-01-15 --purpose pigs
expect_out "loan L1 disbursed: 12,000,000 đ"
expect_eq "installments" 12 "$(sql 'SELECT count(*) FROM loan_inst WHERE loan_id = 1')"
expect_eq "principal parts" 12000000 "$(sql 'SELECT sum(principal) FROM loan_inst')"
expect_eq "flat interest" 78000 "$(sql 'SELECT DISTINCT interest FROM loan_inst')"
expect_ok loan disburse "$B" --principal 6000000 --rate "7,8%/năm" --term 6 \
	--freq quarterly --source wu --date 2026-03-01
expect_eq "quarterly" "2026-06-01|2026-09-01" \
	"$(sql "SELECT group_concat(due_on, '|') FROM loan_inst WHERE loan_id = 2")"

expect_fail 2 "needed" loan disburse "$A" --principal 1000000 --rate 1%/month
expect_fail 1 "--principal" loan disburse "$A" --principal 12abc --rate 1%/month \
	--term 12 --source vbsp
expect_fail 1 "rate" loan disburse "$A" --principal 1000000 --rate 1% --term 12 \
	--source vbsp
expect_fail 1 "--term" loan disburse "$A" --principal 1000000 --rate 1%/month \
	--term 0 --source vbsp
expect_fail 1 "--freq" loan disburse "$A" --principal 1000000 --rate 1%/month \
	--term 12 --source vbsp --freq weekly
expect_fail 1 "--method" loan disburse "$A" --principal 1000000 --rate 1%/month \
	--term 12 --source vbsp --method compound
expect_fail 1 "\"bank\"" loan disburse "$A" --principal 1000000 --rate 1%/month \
	--term 12 --source bank
expect_fail 1 "--date" loan disburse "$A" --principal 1000000 --rate 1%/month \
	--term 12 --source vbsp --date 2026-13-01
expect_fail 1 "future" loan disburse "$A" --principal 1000000 --rate 1%/month \
	--term 12 --source vbsp --date 2027-01-01
expect_fail 1 "grace" loan disburse "$A" --principal 1000000 --rate 1%/month \
	--term 12 --source vbsp --grace 12
expect_fail 1 "not found" loan disburse XX-1 --principal 1000000 --rate 1%/month \
	--term 12 --source vbsp
expect_fail 1 "not found" loan disburse "$A" --principal 1000000 --rate 1%/month \
	--term 12 --source vbsp --group Nowhere

# --- repay, reverse ---
expect_ok loan repay L1 1.500.000 --date 2026-02-15
expect_out "payment 1 recorded"
expect_eq "allocation" "78000|1000000|78000|344000" \
	"$(sql "SELECT group_concat(interest || '|' || principal, '|') FROM (SELECT * FROM loan_alloc ORDER BY id)")"
expect_fail 1 "more than" loan repay L1 20000000 --date 2026-02-16
expect_fail 1 "before the disbursal" loan repay L1 1000 --date 2026-01-01
expect_fail 1 "amount" loan repay L1 lots
expect_fail 1 "not found" loan repay L99 1000
expect_fail 1 "loan number" loan repay X1 1000
expect_fail 2 "needed" loan repay L1
expect_ok loan repay L1 999999 --date 2026-02-20 --note "wrong entry"
expect_ok loan reverse 2 --date 2026-02-21
expect_out "payment 2 reversed by entry 3"
expect_eq "reversal kept" "3|-999999|3" \
	"$(sql 'SELECT r.id, r.amount, o.reversed_by FROM loan_pay r JOIN loan_pay o ON o.id = r.reverses')"
expect_eq "net allocation" 1500000 "$(sql 'SELECT sum(principal + interest) FROM loan_alloc')"
expect_fail 1 "already reversed" loan reverse 2
expect_fail 1 "is itself a reversal" loan reverse 3
expect_fail 1 "not found" loan reverse 77
expect_fail 1 "payment number" loan reverse abc

# --- show, list, review ---
expect_ok loan show L1 --at 2026-04-20
expect_out "in arrears, 36 days, 1,734,000 đ overdue"
expect_out "SHG-2026-0001"
expect_no_out "Lò Thị Mai"
expect_out "reversed by 3"
expect_ok loan show L1 --at 2026-03-01
expect_eq "status current" 1 "$(grep -c '^status  *current$' "$DIR/out")"
expect_fail 1 "--at" loan show L1 --at soon
expect_fail 2 "which loan" loan show

expect_ok loan list --status "in arrears" --at 2026-04-20
expect_out "L1"
expect_no_out "L2 "
expect_fail 1 "--status" loan list --status late

expect_ok loan review --at 2026-04-20
expect_out "loans in arrears at 2026-04-20: 1"
expect_out "Chị Lan"
expect_out "2026-02-15"
expect_out "36"
expect_no_out "Lò Thị"
# PAR30: 10,656,000 at risk of 16,656,000 outstanding = 63.98%
expect_out "63.98%"
expect_ok loan review --at 2026-04-20 --by source --from 2026-03-01 --to 2026-04-20
expect_out "vbsp"
expect_out "wu"
expect_ok loan review --at 2026-04-20 --csv
expect_lines 2
expect_fail 1 "--by" loan review --by person
expect_fail 1 "--from" loan review --from 2026-05-01 --to 2026-04-01
# An area: the borrowers living there only. Mai (L1, in arrears) lives in
# Mường Lống, Dua (L2) in Na Ngoi.
expect_ok loan review --at 2026-04-20 --commune "Mường Lống"
expect_out "loans in arrears at 2026-04-20: 1"
expect_out "L1 "
expect_out "100.00%"
expect_ok loan review --at 2026-04-20 --commune "na ngoi" --by source
expect_out "loans in arrears at 2026-04-20: 0"
expect_no_out "L1 "
expect_out "wu"
expect_no_out "vbsp"
expect_out "0.00%"
expect_ok loan review --at 2026-04-20 --commune "Na Ngoi" --district "Nowhere"
expect_out "loans in arrears at 2026-04-20: 0"
expect_no_out "wu"
expect_ok loan review --at 2026-04-20 --commune "" --csv
expect_lines 2

# --- reschedule, write off ---
expect_fail 2 "needed" loan reschedule L1 --term 8
expect_fail 1 "before the last" loan reschedule L1 --term 8 --reason flood --date 2026-02-01
expect_ok loan reschedule L1 --term 8 --rate 0%/month --reason flood --date 2026-04-20
expect_eq "plan 2" "8|10656000" "$(sql 'SELECT count(*), sum(principal) FROM loan_inst WHERE plan = 2')"
expect_ok loan show L1
expect_out "in arrears"
expect_ok loan writeoff L2 --reason deceased --date 2026-11-01
expect_fail 1 "written off" loan repay L2 1000
expect_fail 1 "written off" loan writeoff L2 --reason again
expect_fail 2 "needed" loan writeoff L1

# --- paying off early: interest by day or as scheduled ---
# 1.000.000 at 1%/month over 3 months, repaid after 10 days. By day:
# 1.000.000 x 1% x 10 / 30 = 3.333,33 -> 3.333 đ; as scheduled: 20.000 đ.
expect_ok loan disburse "$B" --principal 1.000.000 --rate 1%/month --term 3 \
	--source vbsp --date 2026-10-01
L=$(sed -n 's/^loan \(L[0-9]*\) disbursed.*/\1/p' "$DIR/out")
expect_eq "vbsp is daily by default" daily "$(sql "SELECT interest FROM loan WHERE id = ${L#L}")"
expect_ok loan show "$L" --at 2026-10-11
expect_out "interest by day: monthly rate × days / 30 (yearly rate ÷ 12), rounded half up to whole đồng"
expect_eq "pays off" 1 "$(grep -c '^pays off  *on 2026-10-11: 1,003,333 đ$' "$DIR/out")"
expect_eq "to repay" 1 "$(grep -c '^to repay (principal + interest)  *1,020,000 đ$' "$DIR/out")"
expect_fail 1 "more than the 1.003.333 đồng still owed" loan repay "$L" 1.003.334 --date 2026-10-11
expect_ok loan repay "$L" 1.003.333 --date 2026-10-11
expect_out "to repay (principal + interest) 0 đ"
expect_eq "interest paid" 3333 "$(sql "SELECT interest FROM loan_pay WHERE loan_id = ${L#L}")"
expect_ok loan list --person "$B" --status repaid
expect_out "$L"
# reversing the pay-off brings back the scheduled interest
P=$(sql "SELECT id FROM loan_pay WHERE loan_id = ${L#L}")
expect_ok loan reverse "$P" --date 2026-10-12
expect_ok loan show "$L" --at 2026-10-12
expect_eq "to repay again" 1 "$(grep -c '^to repay (principal + interest)  *1,020,000 đ$' "$DIR/out")"
# the same loan with --interest schedule pays all 20.000 đ of interest
expect_ok loan disburse "$B" --principal 1.000.000 --rate 1%/month --term 3 \
	--source vbsp --interest schedule --date 2026-10-01
S=$(sed -n 's/^loan \(L[0-9]*\) disbursed.*/\1/p' "$DIR/out")
expect_ok loan show "$S" --at 2026-10-11
expect_out "all the scheduled interest"
expect_no_out "pays off"
expect_fail 1 "more than the 1.020.000 đồng still owed" loan repay "$S" 1.020.001 --date 2026-10-11
expect_ok loan repay "$S" 1.020.000 --date 2026-10-11
expect_eq "scheduled interest paid" 20000 "$(sql "SELECT interest FROM loan_pay WHERE loan_id = ${S#L}")"
# a Women's Union loan follows loans.interest_wu (schedule unless set)
expect_ok loan disburse "$B" --principal 1.000.000 --rate 12%/year --term 3 \
	--source wu --date 2026-10-01
W=$(sed -n 's/^loan \(L[0-9]*\) disbursed.*/\1/p' "$DIR/out")
expect_eq "wu default" schedule "$(sql "SELECT interest FROM loan WHERE id = ${W#L}")"
expect_fail 1 "--interest: \"weekly\" is not schedule or daily" loan disburse "$B" \
	--principal 1000000 --rate 1%/month --term 3 --source wu --interest weekly
expect_ok loan disburse --help
expect_out "--interest I"
expect_out "a yearly rate is charged as rate ÷ 12 per month"
expect_out "rounded half up"

# --- reschedule keeps the loan's frequency unless --freq is given ---
expect_ok loan disburse "$B" --principal 9.000.000 --rate 1%/month --term 12 \
	--freq quarterly --source wu --date 2026-06-01
Q=$(sed -n 's/^loan \(L[0-9]*\) disbursed.*/\1/p' "$DIR/out")
expect_ok loan reschedule "$Q" --term 12 --freq monthly --reason flood --date 2026-07-01
expect_eq "monthly now" 12 "$(sql "SELECT count(*) FROM loan_inst WHERE loan_id = ${Q#L} AND plan = 2")"
expect_ok loan reschedule "$Q" --term 6 --reason drought --date 2026-08-01
expect_eq "still monthly" "6|monthly" "$(sql "SELECT count(*), (SELECT freq FROM loan_plan WHERE loan_id = ${Q#L} AND plan = 3) FROM loan_inst WHERE loan_id = ${Q#L} AND plan = 3")"
expect_ok loan reschedule --help
expect_no_out "monthly (default)"
expect_out "stay as the loan has them now"

# --- grants ---
expect_ok grant give "$A" --kind sow --count 1 --value 3.044.000 --source ngo:Plan \
	--date 2026-03-01 --passon 2 --passon-by 2026-10-01 --passon-to "$B"
expect_out "grant G1 given"
expect_fail 1 "--kind" grant give "$A" --kind horse --count 1 --value 1 --source wu
expect_fail 1 "--count" grant give "$A" --kind cow --count 0 --value 1 --source wu
expect_fail 1 "--value" grant give "$A" --kind cow --count 1 --value x --source wu
expect_fail 2 "--passon-by" grant give "$A" --kind cow --count 1 --value 1 --source wu \
	--passon 2
expect_fail 2 "needed" grant give "$A" --kind cow
expect_ok grant check G1 --event born --count 9 --date 2026-07-01
expect_out "herd now 10"
expect_ok grant check G1 --event died --count 2 --date 2026-07-05 --cause "swine fever"
expect_ok grant check G1 --event sold --count 3 --date 2026-08-01 --price 4.500.000
expect_fail 1 "herd" grant check G1 --event died --count 6 --date 2026-08-02
expect_fail 1 "herd" grant check G1 --event lost --count 9 --date 2026-06-01
expect_fail 1 "event" grant check G1 --event eaten --count 1
expect_fail 1 "not found" grant check G9 --event born --count 1
expect_ok grant show G1
expect_out "herd now       5"
expect_out "swine fever"
expect_ok grant obligations
expect_out "53"
expect_fail 1 "another member" grant passon G1 --to "$A" --count 2 --date 2026-09-01
expect_fail 1 "more than" grant passon G1 --to "$B" --count 3 --date 2026-09-01
expect_ok grant passon G1 --to "$B" --count 2 --date 2026-09-01
expect_out "grant G2 given from G1"
expect_eq "chain" "piglet|1|2" "$(sql 'SELECT kind, parent_id, count FROM ikgrant WHERE id = 2')"
expect_ok grant obligations
expect_no_out "G1"
expect_ok grant obligations --all
expect_out "G1"
expect_ok grant list --person "$B"
expect_out "G2"
expect_fail 1 "no pass-on obligation" grant passon G2 --to "$A" --count 1

# --- visits ---
expect_ok visit log "$A" --visitor "Chị Lan" --kind home --situation "needs support" \
	--needs "health, vocational" --date 2026-11-01 --notes "private"
expect_eq "needs" 2 "$(sql 'SELECT count(*) FROM need WHERE person_id = 1')"
expect_fail 1 "--kind" visit log "$A" --visitor X --kind letter --situation stable
expect_fail 1 "situation" visit log "$A" --visitor X --kind home --situation fine
expect_fail 1 "future" visit log "$A" --visitor X --kind home --situation stable \
	--date 2026-12-01
expect_fail 1 "next visit" visit log "$A" --visitor X --kind home --situation stable \
	--date 2026-11-01 --next 2026-10-01
expect_fail 2 "needed" visit log "$A" --kind home
expect_fail 1 "pony" visit log "$A" --visitor X --kind home --situation stable \
	--needs "pony"
expect_ok visit list "$A"
expect_out "needs-support"
expect_no_out "private"
expect_ok visit due --days 30
expect_out "2026-12-01"
expect_ok visit due --days 0
expect_no_out "$A"
expect_ok visit plan "$A" --every 7
expect_ok visit due --organiser "chi lan"
expect_out "15"
expect_ok visit due --organiser "Someone Else"
expect_no_out "$A"
expect_fail 1 "--every" visit plan "$A" --every 0
expect_fail 2 "--default" visit plan "$A"
expect_ok visit plan "$A" --default
expect_fail 1 "--at" visit due --at never
expect_ok loan review
expect_out "2026-11-01"
