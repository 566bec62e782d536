# Makefile - build, test, run and benchmark TwitOff. `make help` lists the targets.

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter
CPPFLAGS += -D_GNU_SOURCE -iquote lib -iquote batch
PKG      := pkg-config

# SANITIZE=1 builds everything with AddressSanitizer + UBSan into build/san and bin/san.
ifeq ($(SANITIZE),1)
BUILD    := build/san
BIN      := bin/san
CFLAGS   += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
else
BUILD    := build/std
BIN      := bin
endif
GEN      := $(BUILD)/gen

# Libraries, by who may link them (see DESIGN: a CGI pays start-up time for every library).
CORE_LIBS  := $(shell $(PKG) --libs sqlite3 2>/dev/null || echo -lsqlite3) -lm
TRAIN_LIBS := -llinear -lpthread
# libcurl is loaded on first use (batch/curl_lazy.c), not linked: see that file.
BATCH_LIBS := $(shell $(PKG) --libs jansson libxml-2.0 2>/dev/null) -lcsv -ldl
BATCH_CFLAGS := $(shell $(PKG) --cflags libcurl jansson libxml-2.0 2>/dev/null)
# CGIs are static executables when the archives exist (no dynamic loading on every request);
# sanitizer builds link only SQLite and libfcgi statically (ASan cannot be static).
STATIC_OK  := $(shell for a in libsqlite3.a libfcgi.a; do test -f "$$($(CC) -print-file-name=$$a)" || exit 0; done; echo 1)
ifeq ($(STATIC_OK)$(SANITIZE),1)
CGI_LIBS   := -static -lsqlite3 -lfcgi -lm
else ifeq ($(STATIC_OK),1)
CGI_LIBS   := -Wl,-Bstatic -lsqlite3 -lfcgi -Wl,-Bdynamic -lm
else
CGI_LIBS   := $(CORE_LIBS) -lfcgi
endif

# STATIC=1 (for a shared host): CGIs fully static; the batch links SQLite, liblinear, BLAS, libcsv
# and libxml2 (with ICU, zlib, xz) statically and needs only libjansson (its static archive
# clashes with lib/text.c's utf8_encode) and the C/C++ runtimes; libcurl is loaded on first use.
ifeq ($(STATIC),1)
CGI_LDFLAGS := -static
BATCH_LIBS  := -Wl,-Bstatic -lcsv -llinear -lblas -lsqlite3 -lxml2 -licui18n -licuuc -licudata \
               -lz -llzma -Wl,-Bdynamic -ljansson -lstdc++ -ldl
TRAIN_LIBS  := -lpthread
BATCH_CORE_LIBS := -lm
else
BATCH_CORE_LIBS = $(CORE_LIBS)
endif

# lib/: core (every program), train (batch, tests), web (CGIs, tests), batchlib (batch only).
CORE_SRC  := lib/util.c lib/config.c lib/db.c lib/text.c lib/features.c lib/model.c lib/pair.c \
             lib/sha256.c lib/iris.c
TRAIN_SRC := lib/train.c
WEB_SRC   := $(filter-out $(CORE_SRC) $(TRAIN_SRC),$(wildcard lib/web_*.c))
BATCH_SRC := $(wildcard batch/*.c)
CGI_SRC   := $(wildcard cgi-bin/*.c)
SCHEMA    := $(sort $(wildcard schema/[0-9][0-9][0-9]-*.sql))

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
CORE_OBJ  := $(call obj,$(CORE_SRC)) $(BUILD)/gen/schema.o
TRAIN_OBJ := $(call obj,$(TRAIN_SRC))
WEB_OBJ   := $(call obj,$(WEB_SRC))
BATCH_OBJ := $(call obj,$(BATCH_SRC))
CGIS      := $(patsubst cgi-bin/%.c,$(BIN)/cgi-bin/%,$(CGI_SRC))
TWITOFF   := $(BIN)/twitoff

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNITS     := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all deps help test unit demo run stop bench bench-web fuzz clean install uninstall
all: $(TWITOFF) $(CGIS)

help:
	@echo "make            build bin/twitoff and the CGI programs (bin/cgi-bin/)"
	@echo "make demo       import and train the bundled demo data into ./var"
	@echo "make run        serve the demo on http://127.0.0.1:\$${PORT:-8080}/ (FCGI=1 for FastCGI)"
	@echo "make stop       stop the server started by make run"
	@echo "make test       every test suite (SANITIZE=1: with AddressSanitizer + UBSan)"
	@echo "make bench      benchmarks; results in bench/RESULTS.md and bench/RESULTS-web.md"
	@echo "make bench-web  only the web benchmark (bench/RESULTS-web.md)"
	@echo "make fuzz       longer libFuzzer runs (FUZZ_SECONDS=60 each)"
	@echo "make install    PREFIX=... TWITOFF_HOME=... (see README: Deploy on a shared host)"

deps:
	@scripts/deps.sh build

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(BATCH_CFLAGS) -MMD -MP -c -o $@ $<

$(GEN)/schema.c: $(SCHEMA) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	scripts/embed-sql.sh $(SCHEMA) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/schema.o: $(GEN)/schema.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(TWITOFF): $(BATCH_OBJ) $(CORE_OBJ) $(TRAIN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BATCH_LIBS) $(TRAIN_LIBS) $(BATCH_CORE_LIBS)

$(BIN)/cgi-bin/%: $(BUILD)/cgi-bin/%.o $(WEB_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(CGI_LDFLAGS) -o $@ $^ $(CGI_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(CORE_OBJ) $(TRAIN_OBJ) $(WEB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $^ -lcmocka $(TRAIN_LIBS) $(CORE_LIBS) -lfcgi $(LDFLAGS)

# The importers' parsers are batch code: their unit test links them with libcsv and jansson.
IMPORT_OBJ := $(call obj,$(wildcard batch/import*.c))
$(BUILD)/tests/test_import: tests/unit/test_import.c $(IMPORT_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(BATCH_CFLAGS) -o $@ $^ -lcmocka $(BATCH_LIBS) $(CORE_LIBS) $(LDFLAGS)

unit: $(UNITS)
	@BUILD=$(abspath $(BUILD)) SUITES=unit tests/run.sh

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory all $(UNITS)
	@BIN=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) SANITIZE=$(SANITIZE) tests/run.sh

demo:
	@scripts/deps.sh build
	@$(MAKE) --no-print-directory all
	@BIN=$(abspath $(BIN)) scripts/demo.sh

# Packages first (a fresh machine has no compiler or headers yet), then the build.
run:
	@scripts/deps.sh run
	@$(MAKE) --no-print-directory all
	@BIN=$(abspath $(BIN)) FCGI=$(FCGI) scripts/run.sh start

stop:
	@scripts/run.sh stop

bench-web:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all
	@BIN=$(abspath $(BIN)) bench/web.sh

fuzz:
	@FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60) tests/fuzz/run.sh

# install / uninstall: see scripts/install.sh and README "Deploy on a shared host".
PREFIX ?= /usr/local
install: all
	@PREFIX="$(PREFIX)" HOME_DIR="$(or $(TWITOFF_HOME_DIR),$(if $(filter command line,$(origin TWITOFF_HOME)),$(TWITOFF_HOME)),$(PREFIX)/var)" \
	  BIN="$(BIN)" DESTDIR="$(DESTDIR)" BATCH_USER="$(BATCH_USER)" WEB_GROUP="$(WEB_GROUP)" \
	  HTDOCS_DIR="$(HTDOCS_DIR)" URL_PATH="$(URL_PATH)" scripts/install.sh install

uninstall:
	@PREFIX="$(PREFIX)" HOME_DIR="$(or $(TWITOFF_HOME_DIR),$(if $(filter command line,$(origin TWITOFF_HOME)),$(TWITOFF_HOME)),$(PREFIX)/var)" \
	  BIN="$(BIN)" DESTDIR="$(DESTDIR)" HTDOCS_DIR="$(HTDOCS_DIR)" PURGE="$(PURGE)" scripts/install.sh uninstall

clean:
	rm -rf build bin

-include $(shell find build -name '*.d' 2>/dev/null)

# Benchmarks: bench/run.sh (core) writes bench/RESULTS.md.
bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all $(BIN)/bench-accuracy
	@BIN=$(abspath $(BIN)) bench/run.sh
	@BIN=$(abspath $(BIN)) bench/web.sh

$(BIN)/bench-accuracy: $(BUILD)/bench/accuracy.o $(CORE_OBJ) $(TRAIN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BATCH_LIBS) $(TRAIN_LIBS) $(CORE_LIBS)
