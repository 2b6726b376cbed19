# posta: GNU make.  make; make check; make install PREFIX=... DESTDIR=...

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=

CC      ?= cc
CFLAGS  ?= -O2 -g
PKG_CONFIG ?= pkg-config
PKGS    := libcurl openssl libmagic
# Forced whatever CFLAGS says: the language level and the warnings.
WARN    := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra \
           -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes
# Asked once, when first used: after "make deps" in "make deps all".
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $$(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null))$(PKG_LIBS)
ALL_CFLAGS  = $(WARN) $(PKG_CFLAGS) -Ilib -pthread $(CFLAGS) $(EXTRA_CFLAGS)
ALL_LDFLAGS = -Wl,--as-needed $(LDFLAGS) $(EXTRA_CFLAGS)
# libresolv: the MX lookup of smtp-send --verify; threads: mfetch's
# Maildir syncs (lib/syncq).
LDLIBS_ALL  = $(PKG_LIBS) -lresolv -pthread $(LDLIBS)

TOOLS   := mshow mkmsg smtp-send mfetch
LIB_SRC := $(sort $(wildcard lib/*.c))
LIB_HDR := $(wildcard lib/*.h)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
MANS    := $(wildcard man/*.[1-9])

# B is the build directory: build/ normally, build/san/ for the sanitizer run.
B ?= build

LIB_OBJ  = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
UNIT_OBJ = $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%.o)

.PHONY: deps print-debs demo bench-deps all check check-install check-unit check-tools check-san check-man fuzz bench \
        install uninstall clean
.SUFFIXES:

# The tools land at the top of the tree; the sanitizer build's under build/san.
PROGS := $(if $(filter build,$(B)),$(TOOLS),$(TOOLS:%=$(B)/%))

all: $(PROGS)

define PROG_rule
$(if $(filter build,$(B)),$(1),$(B)/$(1)): $(B)/cmd/$(1).o $(B)/libposta.a
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(LDLIBS_ALL)
endef
$(foreach t,$(TOOLS),$(eval $(call PROG_rule,$(t))))

$(B)/libposta.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/lib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(B)/cmd/%.o: cmd/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(B)/unit/%.o: tests/unit/%.c tests/unit/t.h tests/unit/coll.h $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

# The unit runner calls every "void test_NAME(void)" the test files define.
$(B)/unit/list.h: $(UNIT_SRC)
	@mkdir -p $(@D)
	sed -n 's/^void \(test_[a-z0-9_]*\)(void)$$/T(\1)/p' $(UNIT_SRC) >$@
$(B)/unit/main.o: tests/unit/main.c tests/unit/t.h $(B)/unit/list.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -I$(B)/unit -c -o $@ $<
$(B)/unit/run: $(B)/unit/main.o $(B)/unit/coll.o $(UNIT_OBJ) $(B)/libposta.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

# ---- tests ----------------------------------------------------------------

SAN := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
       -fno-sanitize-recover=all
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
           UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

check: check-man
	$(MAKE) check-unit check-tools check-install
	$(MAKE) check-san

check-unit: $(B)/unit/run
	$(B)/unit/run

check-tools: $(PROGS)
	BIN=$(CURDIR)/$(if $(filter build,$(B)),,$(B)) \
	    sh tests/run-tap $(sort $(wildcard tests/*.t))

# The whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer.
check-san:
	$(SAN_ENV) $(MAKE) B=build/san EXTRA_CFLAGS='$(SAN)' check-unit check-tools

# install and uninstall into a scratch DESTDIR put and take every file.
check-install: all
	rm -rf build/inst
	$(MAKE) -s install DESTDIR=$(CURDIR)/build/inst PREFIX=/usr
	for t in $(TOOLS); do test -x build/inst/usr/bin/$$t; done
	for m in $(MANS); do s=$${m##*.}; \
	    test -f build/inst/usr/share/man/man$$s/$${m##*/}; done
	$(MAKE) -s uninstall DESTDIR=$(CURDIR)/build/inst PREFIX=/usr
	test -z "$$(find build/inst -type f)"
	@echo "install, uninstall: every file put and taken"

check-man:
	@for m in $(MANS); do \
	    out=$$(mandoc -Tlint -Wwarning $$m 2>&1); \
	    if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
	done; echo "man pages: mandoc -Tlint clean"

# ---- fuzzing (clang's libFuzzer) -----------------------------------------

FUZZ_TIME ?= 20
FUZZ_CC   ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all
FUZZERS := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do \
	    n=$${f##*/}; mkdir -p build/fuzz/corpus/$$n; \
	    echo "fuzz: $$n for $(FUZZ_TIME)s"; \
	    $$f -max_total_time=$(FUZZ_TIME) -max_len=65536 -print_final_stats=0 \
	        build/fuzz/corpus/$$n tests/fuzz/seeds/$${n#fuzz_} \
	        2>build/fuzz/$$n.log || { tail -50 build/fuzz/$$n.log; exit 1; }; \
	done; echo "fuzz: no crash"

build/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(PKG_CFLAGS) -Ilib $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) \
	    $(LDLIBS_ALL)

# ---- benchmarks -----------------------------------------------------------

bench: all
	sh bench/run

# ---- what a fresh Debian machine needs (run as root) ------------------------

DEBS := make gcc clang libclang-rt-14-dev libc6-dev pkg-config \
        libcurl4-openssl-dev libssl-dev libmagic-dev \
        mandoc python3 bsdutils ca-certificates mblaze \
        dovecot-imapd dovecot-pop3d postfix openssl msmtp neomutt \
        git-email libmailtools-perl libemail-valid-perl
BENCH_DEBS := hyperfine time isync mpop strace

# The mail servers are for the tests, which start private instances: a
# temporary policy-rc.d (unless one exists) keeps the system services from
# starting, and postfix's debconf question is answered "No configuration".
deps:
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
	    update -qq
	echo 'postfix postfix/main_mailer_type select No configuration' | \
	    debconf-set-selections
	set -e; prc=/usr/sbin/policy-rc.d; \
	if [ ! -e $$prc ] && [ ! -L $$prc ]; then \
	    trap 'rm -f '$$prc EXIT; trap 'exit 1' HUP INT TERM; \
	    printf '#!/bin/sh\n# make deps: start no service\nexit 101\n' >$$prc; \
	    chmod 755 $$prc; \
	fi; \
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
	    install -y -qq --no-install-recommends $(DEBS)

# The packages deps installs, for tests/demo.sh to check one by one.
print-debs:
	@echo $(DEBS)

# The README's first command: on a fresh Debian machine, as root, install
# what is missing, build, and show the main job against private servers.
demo:
	sh tests/demo.sh --deps-only
	$(MAKE) all
	DEMO_SKIP_DEPS=1 sh tests/demo.sh

bench-deps:
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $(BENCH_DEBS)

# ---- install --------------------------------------------------------------

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	for t in $(TOOLS); do cp $$t $(DESTDIR)$(BINDIR)/$$t; \
	    chmod 755 $(DESTDIR)$(BINDIR)/$$t; done
	for m in $(MANS); do s=$${m##*.}; \
	    cp $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	    chmod 644 $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for m in $(MANS); do s=$${m##*.}; \
	    rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done

clean:
	rm -rf build $(TOOLS)
