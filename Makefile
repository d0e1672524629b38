# shg: self-help group service. Plain GNU make; see README.md.
#
#   make            build ./shg
#   make deps       install the Debian packages the build and tests need
#   make check      unit tests (ASan+UBSan), the CLI tests, the browser test
#   make demo       run the demo in a scratch folder
#   make demo-web   the demo's database in the web interface (shg web)
#   make bench      benchmarks (not part of check)
#   make bench-national  the same figures on a country (scale 10, ~6 GB)
#   make install    honours PREFIX and DESTDIR
#   make po-update  refresh po/vi.po from the sources (then translate)

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS     = sqlite3 gammu libconfig libical icu-i18n icu-uc libsodium libmicrohttpd
TEST_PKGS = cmocka

# time: /usr/bin/time measures the service's memory in "make bench".
# wrk and curl: "make bench" loads shg web; curl: "make demo" checks its pages.
# gammu-smsd and libdbd-sqlite3: "make bench" compares shg serve with it.
# gettext: msgfmt and xgettext build and check the message catalogues.
DEB_PKGS = build-essential pkg-config sqlite3 libsqlite3-dev libgammu-dev \
	libconfig-dev libcmocka-dev libical-dev libicu-dev libcsv-dev time \
	gettext libsodium-dev libmicrohttpd-dev chromium chromium-driver \
	python3-selenium curl wrk debhelper dpkg-dev fakeroot \
	lintian groff-base gammu-smsd libdbd-sqlite3
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

WARN = -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wvla -Wno-unused-parameter
ifneq ($(DEVELOPER),0)
WARN += -Werror
endif

# Flags come from pkg-config at recipe time (deferred '='), so that
# 'make deps check' works on a machine where pkg-config is not yet installed.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lcsv -lm -pthread
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -I. $(PKG_CFLAGS) $(CFLAGS)

LIB_SRCS = $(wildcard core/*.c config/*.c groups/*.c sms/*.c reports/*.c web/*.c) \
	$(filter-out cli/main.c,$(wildcard cli/*.c))
TESTS    = $(patsubst tests/%.c,build/san/tests/%,$(wildcard tests/test_*.c))

LINGUAS  = vi
MO_FILES = $(patsubst %,build/locale/%/LC_MESSAGES/shg.mo,$(LINGUAS))

# The example configuration is compiled in, for "shg init".
GEN_SRCS = build/gen/conf_example.c
REL_OBJS = $(patsubst %.c,build/rel/%.o,$(LIB_SRCS) $(GEN_SRCS))
SAN_OBJS = $(patsubst %.c,build/san/%.o,$(LIB_SRCS) $(GEN_SRCS))
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Quiet build lines; "make V=1" shows the whole commands.
ifeq ($(V),1)
Q =
say = @true
else
Q = @
say = @printf '  %-7s %s\n'
endif

.PHONY: all deps check unit cli-test web-test demo-web po-check po-update demo bench bench-national fuzz \
	install deb clean FORCE
all: shg

deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "deps: all packages present"; fi

shg: build/rel/cli/main.o build/rel/libshg.a | $(MO_FILES)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

build/rel/libshg.a: $(REL_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

build/gen/conf_example.c: config/shg.conf
	@mkdir -p $(dir $@)
	{ echo '/* Generated from config/shg.conf: do not edit. */'; \
	  echo '#include "config/conf.h"'; echo 'const char conf_example[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } > $@

# Where "make install" puts the catalogues; rewritten only when PREFIX
# changes, so that only core/i18n.c is rebuilt then.
build/gen/paths.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define SHG_LOCALEDIR "$(PREFIX)/share/locale"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
build/rel/core/i18n.o build/san/core/i18n.o build/fuzz/core/i18n.o: build/gen/paths.h

# Message catalogues: po/LANG.po compiled to build/locale, where a binary
# in the tree finds them (core/i18n.c). po-check fails on any message of
# the sources without a Vietnamese translation, or a fuzzy one.
XGETTEXT = xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS \
	--keyword=_ --keyword=N_ --keyword=ngettext:1,2 --keyword=error \
	--keyword=fatalx --keyword=cli_usage_error:2 \
	--flag=error:1:c-format --flag=fatalx:1:c-format \
	--flag=cli_usage_error:2:c-format --package-name=shg \
	--msgid-bugs-address=shg --sort-by-file
PO_SRCS  = $(sort $(LIB_SRCS) cli/main.c)

build/locale/%/LC_MESSAGES/shg.mo: po/%.po
	@mkdir -p $(dir $@)
	$(say) MSGFMT $@
	$(Q)msgfmt --check -o $@ $<

build/shg.pot: $(PO_SRCS)
	@mkdir -p $(dir $@)
	$(Q)$(XGETTEXT) -o $@ $(PO_SRCS)

po-update: build/shg.pot
	msgmerge --quiet --update --backup=none --no-fuzzy-matching po/vi.po $<

po-check: build/shg.pot
	@msgmerge --quiet --no-fuzzy-matching -o build/vi.check.po po/vi.po $<
	@msgfmt --check --statistics -o /dev/null build/vi.check.po 2>build/vi.stats; \
	  rc=$$?; cat build/vi.stats; \
	  if [ $$rc != 0 ] || grep -qE 'untranslated|fuzzy' build/vi.stats; then \
	    echo "po-check: po/vi.po lacks translations (make po-update, then translate)"; \
	    msgattrib --untranslated --only-fuzzy build/vi.check.po 2>/dev/null | head -40; \
	    msgattrib --untranslated build/vi.check.po | grep '^msgid' | head -40; \
	    exit 1; fi

# Each object records the headers it includes (-MMD), so a header change
# rebuilds only what uses it.
build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $@
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -O1 $(SAN) -MMD -MP -c -o $@ $<

build/san/libshg.a: $(SAN_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

build/san/shg: build/san/cli/main.o build/san/libshg.a | $(MO_FILES)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $^ $(PKG_LIBS)

build/san/tests/%: tests/%.c tests/testutil.h build/san/libshg.a
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(ALL_CFLAGS) -O1 $(SAN) -MMD -MP -o $@ $< build/san/libshg.a \
	  $(shell pkg-config --cflags --libs $(TEST_PKGS)) $(PKG_LIBS)

# The AT-modem simulator the CLI tests run shg against (tests/atsim.c).
build/san/tests/atsim: tests/atsim.c
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(ALL_CFLAGS) -O1 $(SAN) -o $@ $<

unit: $(TESTS) $(MO_FILES)
	@fail=0; for t in $(TESTS); do \
	  echo "== $$t"; $$t || fail=1; done; exit $$fail

cli-test: build/san/shg shg build/san/tests/atsim build/san/tests/sqlkey
	@SHG=$(CURDIR)/build/san/shg sh tests/cli/run.sh

# The web interface in headless Chromium (tests/web/run.sh); screenshots
# of the main pages go to build/screens/.
web-test: build/san/shg shg
	@SHG=$(CURDIR)/build/san/shg SCREENS=$(CURDIR)/build/screens \
	  sh tests/web/run.sh

check: po-check unit cli-test web-test

demo: shg
	@sh docs/demo.sh $(CURDIR)/shg

# The demo's database with demo accounts, served by "shg web" (LISTEN=
# ADDR:PORT, default 127.0.0.1:8080) until Ctrl-C.
demo-web: shg
	@sh docs/demo-web.sh $(CURDIR)/shg

bench: shg
	@sh bench/run.sh $(CURDIR)/shg

# Ten provinces, 500,000 people, 4 million SMS, generated once into
# build/bench/national.db (bench/national.sh).
bench-national: shg
	@sh bench/national.sh $(CURDIR)/shg

# libFuzzer targets (tests/fuzz/fuzz_*.c) over the library built with
# clang; each runs FUZZ_SECONDS from its seeds in tests/fuzz/corpus/NAME/.
# New inputs go to build/fuzz/corpus/NAME, crashes to build/fuzz/crashes/.
FUZZ_PKGS    = clang libclang-rt-14-dev
FUZZ_CC      = clang
FUZZ_SECONDS ?= 20
FUZZ_FLAGS   ?= -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
# clang's -Wformat=2 also flags vprintf-style wrappers; gcc's build checks
# formats already.
FUZZ_WARN    = -Wno-format-nonliteral
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_OBJS    = $(patsubst %.c,build/fuzz/%.o,$(LIB_SRCS) $(GEN_SRCS))
FUZZ_BINS    = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: fuzz-deps
fuzz-deps:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(FUZZ_PKGS)"

build/fuzz/%.o: %.c | fuzz-deps
	@mkdir -p $(dir $@)
	$(say) CC $@
	$(Q)$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_WARN) -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	  -MMD -MP -c -o $@ $<

build/fuzz/libshg.a: $(FUZZ_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build/fuzz/libshg.a
	$(say) FUZZ $@
	$(Q)$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_WARN) -O1 $(FUZZ_SAN) -fsanitize=fuzzer -MMD -MP \
	  -o $@ $< build/fuzz/libshg.a $(PKG_LIBS)

fuzz: $(FUZZ_BINS)
	@fail=0; for t in $(FUZZ_BINS); do n=$${t##*/}; \
	  mkdir -p build/fuzz/corpus/$$n build/fuzz/crashes; echo "== $$n"; \
	  $$t $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=build/fuzz/crashes/$$n- \
	    build/fuzz/corpus/$$n tests/fuzz/corpus/$$n 2>build/fuzz/$$n.log; \
	  rc=$$?; grep -E '(DONE|^SUMMARY|==ERROR)' build/fuzz/$$n.log; \
	  [ $$rc = 0 ] || { echo "$$n FAILED (rc $$rc), see build/fuzz/$$n.log"; \
	    fail=1; }; done; exit $$fail

# "make install" lays out everything the Debian package ships (debian/rules
# calls it with PREFIX=/usr): the binary, catalogues, the configuration
# (paths made absolute under LOCALSTATEDIR; an existing one is kept), the
# systemd units (config/shg*.service, config/*.timer, paths rewritten for
# PREFIX), the backup script and its settings, manual pages (English and
# Vietnamese) and documentation. It only copies: no owner is set, so it
# works without root into DESTDIR; the package's postinst sets owners.
SYSCONFDIR     ?= /etc
LOCALSTATEDIR  ?= /var
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
UNITS     = $(wildcard config/shg*.service config/*.timer)
MAN_PAGES = $(wildcard man/*.[1-8] man/*/*.[1-8])
DOCS      = README.md docs/deploy.md docs/sms.md docs/glossary.md
STATEDIR  = $(LOCALSTATEDIR)/lib/shg
D         = $(DESTDIR)
SUBST     = sed -e 's|/usr/local|$(PREFIX)|g' -e 's|/var/lib/shg|$(STATEDIR)|g' \
	  -e 's|/etc/|$(SYSCONFDIR)/|g'

install: shg
	install -d $(D)$(PREFIX)/bin $(D)$(PREFIX)/lib/shg \
	  $(D)$(PREFIX)/share/doc/shg/examples $(D)$(SYSTEMDUNITDIR) \
	  $(D)$(SYSCONFDIR)/shg $(D)$(SYSCONFDIR)/default
	install -m 755 shg $(D)$(PREFIX)/bin/shg
	for l in $(LINGUAS); do \
	  install -d $(D)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
	  install -m 644 build/locale/$$l/LC_MESSAGES/shg.mo \
	    $(D)$(PREFIX)/share/locale/$$l/LC_MESSAGES/shg.mo; done
	install -m 644 $(DOCS) $(D)$(PREFIX)/share/doc/shg/
	install -m 644 config/shg.conf config/99-shg-modem.rules \
	  $(D)$(PREFIX)/share/doc/shg/examples/
	$(SUBST) config/shg-backup.sh > $(D)$(PREFIX)/lib/shg/shg-backup
	chmod 755 $(D)$(PREFIX)/lib/shg/shg-backup
	for u in $(UNITS); do \
	  $(SUBST) $$u > $(D)$(SYSTEMDUNITDIR)/$${u##*/} && \
	  chmod 644 $(D)$(SYSTEMDUNITDIR)/$${u##*/}; done
	for m in $(MAN_PAGES); do \
	  sub=$${m#man/}; sub=$${sub%/*}; [ "$$sub" = "$${m#man/}" ] && sub=; \
	  dir=$(D)$(PREFIX)/share/man/$${sub:+$$sub/}man$${m##*.}; \
	  install -d $$dir && install -m 644 $$m $$dir/; done
	[ -e $(D)$(SYSCONFDIR)/shg/shg.conf ] || { \
	  sed -e 's|^database = "shg.db";|database = "$(STATEDIR)/shg.db";|' \
	      -e 's|^  device = "modem";|  device = "$(STATEDIR)/modem";|' \
	      config/shg.conf > $(D)$(SYSCONFDIR)/shg/shg.conf && \
	  chmod 640 $(D)$(SYSCONFDIR)/shg/shg.conf; }
	[ -e $(D)$(SYSCONFDIR)/default/shg ] || \
	  install -m 644 config/shg.default $(D)$(SYSCONFDIR)/default/shg

# The Debian package, built by dpkg-buildpackage in a clean copy of the
# tree (build/deb/shg), so that it never touches this tree's build; the
# .deb lands in build/ and lintian checks it: no errors allowed; the
# warnings that stay are overridden, with why, in debian/shg.lintian-overrides.
deb:
	rm -rf build/deb && mkdir -p build/deb/shg
	tar -cf - --exclude=./build --exclude=./shg --exclude=./demo \
	  --exclude=./.git . | tar -xf - -C build/deb/shg
	cd build/deb/shg && dpkg-buildpackage -us -uc -b
	rm -f build/shg_*.deb build/shg-dbgsym_*.deb build/shg_*.buildinfo build/shg_*.changes
	mv build/deb/*.deb build/deb/*.buildinfo build/deb/*.changes build/
	lintian --fail-on error build/shg_*.deb

clean:
	rm -rf build shg

-include $(shell find build -path build/deb -prune -o -name '*.d' -print 2>/dev/null)
