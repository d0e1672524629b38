# Accounts of the web interface: passwords come on standard input here
# (never a terminal in these tests). Today is 2026-11-23.

printf 'mật khẩu dài 1\n' >"$DIR/pw"
printf 'một mật khẩu khác\n' >"$DIR/pw2"
printf 'ngắn quá\n' >"$DIR/pw_short"
: >"$DIR/pw_empty"

expect_ok group add "Hoa Sen" --district "Mường Khương"
expect_ok group add "Bình Minh"

# user add
expect_ok user add lan --role organiser --groups "Hoa Sen,2" --phone 0912345678 <"$DIR/pw"
expect_out "account lan added (organiser)"
expect_eq "stored" "organiser|+84912345678|0|0" \
	"$(sql "SELECT role || '|' || phone || '|' || disabled || '|' || locked FROM account")"
expect_eq "groups" "1 2" \
	"$(sql "SELECT group_concat(group_id, ' ') FROM (SELECT group_id FROM account_group ORDER BY group_id)")"
expect_eq "argon2id, not the password" "1" \
	"$(sql "SELECT pw_hash LIKE '\$argon2id\$%' AND instr(pw_hash, 'khẩu') = 0 FROM account")"
expect_ok user add minh --role coordinator --district "Mường Khương" <"$DIR/pw"
expect_ok user add root --role admin <"$DIR/pw"
expect_fail 1 '--role: "boss" is not organiser, coordinator or admin' \
	user add x --role boss <"$DIR/pw"
expect_fail 1 'password: at least 10 characters are needed' \
	user add x --role admin <"$DIR/pw_short"
expect_fail 1 'group "Sen Vàng" not found' \
	user add x --role organiser --groups "Hoa Sen,Sen Vàng" <"$DIR/pw"
expect_fail 1 'group "#9" not found' user add x --role organiser --groups 9 <"$DIR/pw"
expect_fail 1 'no password on standard input' user add x --role admin <"$DIR/pw_empty"
expect_fail 1 'account "LAN" already exists' user add LAN --role admin <"$DIR/pw"
expect_fail 1 'a coordinator needs either a district or a province' \
	user add x --role coordinator <"$DIR/pw"
expect_fail 1 'only an organiser has groups' user add x --role admin --groups 1 <"$DIR/pw"
expect_fail 1 'a name has no spaces, commas or control characters' \
	user add "Thu Hà" --role admin <"$DIR/pw"
expect_fail 1 '--phone: ' user add x --role admin --phone 12 <"$DIR/pw"
expect_fail 2 'give --district or --province, not both' \
	user add x --role coordinator --district A --province B <"$DIR/pw"
expect_fail 2 '--role is needed' user add x <"$DIR/pw"
expect_fail 2 'give the name of the account' user add --role admin <"$DIR/pw"
expect_fail 1 'mật khẩu: cần ít nhất 10 ký tự' \
	--lang vi user add x --role admin <"$DIR/pw_short"

# user list
expect_ok user list
expect_lines 4
expect_out "Bình Minh, Hoa Sen"
expect_ok user list --csv
expect_out 'lan,organiser,,,"Bình Minh, Hoa Sen",+84912345678,active'
expect_out "minh,coordinator,Mường Khương,,,,active"
expect_out "root,admin,,,,,active"
expect_ok --lang vi user list
expect_out "người phụ trách nhóm"

# disable, enable
expect_ok user disable lan
expect_out "account lan disabled"
expect_ok user list --csv
expect_out "lan,organiser,,,\"Bình Minh, Hoa Sen\",+84912345678,disabled"
expect_ok user disable lan --enable
expect_out "account lan enabled"
expect_eq "enabled" "0" "$(sql "SELECT disabled FROM account WHERE name = 'lan'")"
expect_fail 1 'account "ghost" not found' user disable ghost

# unlock (an account locked by failed logins)
sql "UPDATE account SET locked = 1, failures = 5 WHERE name = 'minh'"
expect_ok user list --csv
expect_out "minh,coordinator,Mường Khương,,,,locked"
expect_ok user unlock minh
expect_out "account minh unlocked"
expect_eq "unlocked" "0|0" "$(sql "SELECT locked || '|' || failures FROM account WHERE name = 'minh'")"
expect_fail 1 'account "ghost" not found' user unlock ghost

# passwd
before=$(sql "SELECT pw_hash FROM account WHERE name = 'lan'")
expect_fail 1 'password: at least 10 characters are needed' user passwd lan <"$DIR/pw_short"
expect_fail 1 'account "ghost" not found' user passwd ghost <"$DIR/pw"
expect_ok user passwd lan <"$DIR/pw2"
expect_out "password of lan changed"
after=$(sql "SELECT pw_hash FROM account WHERE name = 'lan'")
[ "$before" != "$after" ] && pass=$((pass + 1)) || not_ok "the hash did not change"

expect_eq "audit" "add add add disable enable unlock passwd" \
	"$(sql "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE entity = 'account' ORDER BY id)")"
