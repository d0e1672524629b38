# The language: every command's help is Vietnamese by default and English
# with --lang en; the language comes from --lang, $LANGUAGE or the
# configuration, in that order; a bad --lang is refused.

# English prose in a line: three or more lowercase ASCII words, once
# option names, metavariables, quoted text and example commands are set
# aside. Such a line of the English help must not stand unchanged in the
# Vietnamese help (a string that was never wrapped or never translated).
prose() {
	sed -e 's/"[^"]*"//g' -e 's/--*[a-z][a-z0-9-]*//g' \
	    -e 's/^[[:space:]]*\(\$ \)\{0,1\}shg .*//' |
	awk '{ n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[a-z][a-z]+[,.:;)]?$/) n++;
	    if (n >= 3) print }'
}

cmds=$(LANGUAGE=en "$SHG" help | sed -n 's/^  \([a-z][a-z-]*\( [a-z][a-z-]*\)\{0,1\}\)  .*/\1/p')
expect_eq "commands listed" "yes" "$([ "$(echo "$cmds" | wc -l)" -gt 40 ] && echo yes)"
untranslated=0
for c in $(echo "$cmds" | tr ' ' '+'); do
	c=$(echo "$c" | tr '+' ' ')
	# shellcheck disable=SC2086
	"$SHG" --lang en $c --help >"$DIR/help.en" 2>&1
	# shellcheck disable=SC2086
	"$SHG" --lang vi $c --help >"$DIR/help.vi" 2>&1
	prose <"$DIR/help.en" | while IFS= read -r line; do
		if grep -qxF -- "$line" "$DIR/help.vi"; then
			echo "$c: $line"
		fi
	done >>"$DIR/untranslated"
done
if [ -s "$DIR/untranslated" ]; then
	not_ok "help lines left in English: $(head -5 "$DIR/untranslated")"
else
	pass=$((pass + 1))
fi

# the command list itself
LANGUAGE=vi "$SHG" -c "$DIR/shg.conf" help >"$DIR/out" 2>"$DIR/err"
expect_out "Thêm"
expect_no_out "Add a person"

# where the language comes from: the configuration says vi (the example
# does), $LANGUAGE overrides it, --lang overrides both
expect_eq "config language" 'language = "vi";' "$(grep '^language' "$DIR/shg.conf")"
LANGUAGE= "$SHG" -c "$DIR/shg.conf" person show XX-0000-0000 >"$DIR/out" 2>"$DIR/err"
expect_eq "vi by configuration" "1" "$(grep -c 'không' "$DIR/err")"
LANGUAGE=en "$SHG" -c "$DIR/shg.conf" person show XX-0000-0000 >"$DIR/out" 2>"$DIR/err"
expect_eq "en by LANGUAGE" "0" "$(grep -c 'không' "$DIR/err")"
LANGUAGE=en "$SHG" -c "$DIR/shg.conf" --lang vi person show XX-0000-0000 >"$DIR/out" 2>"$DIR/err"
expect_eq "vi by --lang" "1" "$(grep -c 'không' "$DIR/err")"
LANGUAGE=vi "$SHG" -c "$DIR/shg.conf" person show XX-0000-0000 --lang=en >"$DIR/out" 2>"$DIR/err"
expect_eq "--lang after the command" "0" "$(grep -c 'không' "$DIR/err")"
sed 's/^language = "vi";/language = "en";/' "$DIR/shg.conf" >"$DIR/en.conf"
LANGUAGE= "$SHG" -c "$DIR/en.conf" person show XX-0000-0000 >"$DIR/out" 2>"$DIR/err"
expect_eq "en by configuration" "0" "$(grep -c 'không' "$DIR/err")"
sed 's/^language = "vi";/language = "fr";/' "$DIR/shg.conf" >"$DIR/fr.conf"
expect_fail 1 'language' -c "$DIR/fr.conf" check-config
expect_fail 2 '--lang' --lang fr version
expect_fail 2 '--lang' version --lang

# the catalogue is found by path, whatever locales the machine has
LC_ALL=C LANG= LANGUAGE= "$SHG" -c "$DIR/shg.conf" person show XX-0000-0000 >"$DIR/out" 2>"$DIR/err"
expect_eq "vi under LC_ALL=C" "1" "$(grep -c 'không' "$DIR/err")"
