# bitacora - Makefile
#
#   make            build build/bitacora
#   make run        convert samples/ into salida/
#   make test       unit + end-to-end tests (installs what they need)
#   make asan       the tests under AddressSanitizer + UBSan (build-asan/)
#   make valgrind   the tests under valgrind
#   make faults     every allocation of a sample run made to fail in turn
#   make fuzz       the libFuzzer targets (FUZZ_SECONDS each)
#   make bench      bitacora against libxlsxwriter's floor, reruns (no assertions)
#   make carga      the web interface under load (figures)
#   make docs       regenerate docs/sinonimos.md, README's codes, templates/
#   make install    PREFIX=/usr/local DESTDIR= (binary, man page, systemd unit)
#
# V=1 shows the commands.

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
CC ?= cc
CFLAGS ?= -O2 -g
PKGS := xlsxwriter minizip expat libutf8proc zlib libmicrohttpd
WARN := -std=c11 -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wwrite-strings \
        -Wshadow -Wformat=2 -Wundef -Wvla
# Evaluated when a recipe runs, after the dependency check has installed
# the packages.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lcsv -lm
ALL_CFLAGS = $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -Iinclude -I$(BUILD)/gen \
             -D_POSIX_C_SOURCE=200809L $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(EXTRA_LDFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/refdata_gen.o $(BUILD)/obj/assets_gen.o
# The web page's files, embedded in the binary (tools/embed.c).
WEB_ASSETS := $(sort $(wildcard web/*))
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
# The web interface's suites (Python's standard library; selenium for the browser).
TEST_PY := $(wildcard tests/web/test_*.py)
DEPS_OK := $(BUILD)/.deps-build
TEST_DEPS_OK := $(BUILD)/.deps-test
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

.PHONY: all run test faults asan valgrind fuzz bench carga clean install uninstall docs templates
all: $(BUILD)/bitacora

$(DEPS_OK):
	$(Q)mkdir -p $(BUILD)
	$(Q)sh tools/deps.sh build
	$(Q)touch $@

$(TEST_DEPS_OK): $(DEPS_OK)
	$(Q)sh tools/deps.sh test
	$(Q)touch $@

$(BUILD)/genref: tools/genref.c src/text.c src/util.c include/bitacora/text.h include/bitacora/util.h | $(DEPS_OK)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ tools/genref.c src/text.c src/util.c $(PKG_LIBS) $(ALL_LDFLAGS)

$(BUILD)/gen/refdata.c: $(BUILD)/genref $(wildcard data/*.csv)
	@mkdir -p $(BUILD)/gen
	@echo "  GEN     $@"
	$(Q)$(BUILD)/genref data $@.tmp && mv $@.tmp $@

$(BUILD)/obj/refdata_gen.o: $(BUILD)/gen/refdata.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/embed: tools/embed.c | $(DEPS_OK)
	@echo "  CC      $@"
	$(Q)$(CC) $(WARN) -O2 -o $@ $<

$(BUILD)/gen/assets.c: $(BUILD)/embed $(WEB_ASSETS)
	@mkdir -p $(BUILD)/gen
	@echo "  GEN     $@"
	$(Q)$(BUILD)/embed $@.tmp $(WEB_ASSETS) && mv $@.tmp $@

$(BUILD)/obj/assets_gen.o: $(BUILD)/gen/assets.c src/web.h | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -DBT_VERSION='"$(VERSION)"' -MMD -MP -c -o $@ $<

$(BUILD)/libbitacora.a: $(LIB_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/bitacora: $(BUILD)/obj/main.o $(BUILD)/libbitacora.a
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(ALL_LDFLAGS)

# The tests build paths into fixed buffers far larger than any test path
# (a cut one would fail its test visibly): gcc's guesses about truncation
# there are noise.  Only where the compiler knows the option.
TEST_WARN := $(shell echo 'int x;' | $(CC) -Werror -Wno-format-truncation -x c -c -o /dev/null - 2>/dev/null && echo -Wno-format-truncation)

$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h) $(BUILD)/libbitacora.a | $(TEST_DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_WARN) -Itests -DBT_SRCDIR='"$(CURDIR)"' -o $@ $< $(BUILD)/libbitacora.a \
		$(PKG_LIBS) $$(pkg-config --libs cmocka) $(ALL_LDFLAGS)

$(BUILD)/failmalloc.so: tests/fault/failmalloc.c | $(DEPS_OK)
	@echo "  CC      $@"
	$(Q)$(CC) -shared -fPIC -O1 -g -o $@ $<

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/main.d

$(BUILD)/gendocs: tools/gendocs.c $(BUILD)/libbitacora.a
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libbitacora.a $(PKG_LIBS) $(ALL_LDFLAGS)

# Regenerate the documentation that comes from the code.
docs: $(BUILD)/gendocs $(BUILD)/bitacora
	$(Q)$(BUILD)/gendocs sinonimos > docs/sinonimos.md
	$(Q)$(BUILD)/gendocs codigos > $(BUILD)/codigos.md
	$(Q)awk -v f=$(BUILD)/codigos.md '/^<!-- fin de códigos -->/{skip=0} \
		!skip{print} /^<!-- códigos:/{while((getline l < f)>0) print l; skip=1}' \
		README.md > $(BUILD)/README.md && mv $(BUILD)/README.md README.md
	$(Q)$(BUILD)/bitacora template -o templates >/dev/null
	@echo "docs/sinonimos.md, la tabla de códigos de README.md y templates/ regenerados"

run: $(BUILD)/bitacora
	@rm -rf salida
	@$(BUILD)/bitacora convert --csv -o salida samples/; rc=$$?; \
	if [ $$rc -ge 2 ]; then echo "make run: la conversión falló (estado $$rc)"; exit $$rc; fi; \
	echo; echo "Libros generados en salida/ (estado $$rc: 1 = hay hallazgos que corregir, ver salida/hallazgos.csv):"; \
	find salida -name '*.xlsx' | sort | sed 's/^/  /'

test: $(BUILD)/bitacora $(BUILD)/gendocs $(BUILD)/failmalloc.so $(TEST_BIN) | $(TEST_DEPS_OK)
	$(Q)BUILD=$(BUILD) sh tests/run.sh $(TEST_BIN) $(TEST_PY)

# Every allocation of a sample run made to fail in turn (the test steps
# through them all here; `make test` takes every FAULT_STRIDE-th).
faults: $(BUILD)/bitacora $(BUILD)/failmalloc.so $(BUILD)/tests/test_faults | $(TEST_DEPS_OK)
	$(Q)BUILD=$(BUILD) BT_FAULT_STRIDE=1 sh tests/run.sh $(BUILD)/tests/test_faults

asan:
	$(Q)BT_SANITIZED=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		$(MAKE) --no-print-directory BUILD=build-asan CC=$(CC) \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" test

valgrind: $(BUILD)/bitacora $(BUILD)/gendocs $(BUILD)/failmalloc.so $(TEST_BIN) | $(TEST_DEPS_OK)
	$(Q)sh tools/deps.sh valgrind
	$(Q)BUILD=$(BUILD) BT_UNDER_VALGRIND=1 BT_SANITIZED=1 sh tests/run.sh $(TEST_BIN) $(TEST_PY)

templates: $(BUILD)/bitacora
	$(Q)$(BUILD)/bitacora template -o templates

# The web interface under the full load: 16 clients, 20 logbooks each.
carga: $(BUILD)/bitacora | $(TEST_DEPS_OK)
	$(Q)cd tests/web && BT_BIN=$(CURDIR)/$(BUILD)/bitacora BT_SRCDIR=$(CURDIR) BT_CARGA_ENVIOS=20 \
		/usr/bin/python3 test_carga.py

# BENCH_N: the sizes (territories) to measure; BENCH_TUNING=1,
# BENCH_CALLGRIND=1, BENCH_ROUNDS=N: see tools/bench.sh.
BENCH_N ?= 200 1000
bench: $(BUILD)/bitacora
	$(Q)sh tools/deps.sh bench
	$(Q)sh tools/bench.sh $(BUILD)/bitacora $(BENCH_N)

fuzz:
	$(Q)sh tools/deps.sh fuzz
	$(Q)sh tools/fuzz.sh $(FUZZ_SECONDS)

# The systemd unit goes where systemd looks for units of this prefix
# (/usr/local/lib/systemd/system for the default one).
UNITDIR ?= $(PREFIX)/lib/systemd/system

install: $(BUILD)/bitacora
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(UNITDIR)
	install -m 755 $(BUILD)/bitacora $(DESTDIR)$(PREFIX)/bin/bitacora
	install -m 644 docs/bitacora.1 $(DESTDIR)$(PREFIX)/share/man/man1/bitacora.1
	sed 's|@BINDIR@|$(PREFIX)/bin|g' docs/bitacora-servir.service > $(BUILD)/bitacora-servir.service
	install -m 644 $(BUILD)/bitacora-servir.service $(DESTDIR)$(UNITDIR)/bitacora-servir.service

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/bitacora $(DESTDIR)$(PREFIX)/share/man/man1/bitacora.1 \
		$(DESTDIR)$(UNITDIR)/bitacora-servir.service

clean:
	rm -rf build build-asan build-fuzz salida
