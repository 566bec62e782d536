# Makefile - build, test, run and benchmark TwitOff. `make help` lists the targets.

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter
CPPFLAGS += -D_GNU_SOURCE
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

# lib/ holds six libraries, one folder each, split by who links them. Each is built as a static
# archive, so a program pulls in only the objects it uses.
#   lib/core   every program: memory, buffers and the error convention, settings, text clean-up,
#              features, model files, pair names, handles, the users.html fragment, the admin key
#   lib/store  programs that read or write the SQLite stores: opening, migrations, every query
#              (the main store; the queue store of jobs and admin sessions)
#   lib/web    the page programs (cgi-bin/): request and typed fields, escaping, layout, routes,
#              the CGI/FastCGI loop, the file and model cache, the form, the admin session
#   lib/iris   the iris example: the /iris page and `twitoff iris`
#   lib/train  the trainers (liblinear: pair models; liblbfgs: the shared model): the batch and
#              the tests, never a page
#   lib/batch  the batch's workflows (wf_*.c: import, fetch, train, lists, jobs, nightly, reset,
#              check, eval; their context and reporter in batch.h) and what they use: the
#              importers, the sources and their HTTP client, the lock (jansson, libxml2, libcsv)
# batch/ is the `twitoff` command over them: main.c's table, cli.c, one cmd_*.c per command family.
# A folder sees the headers of the folders it may use, and no others (the -iquote lists below).
LIBS_ALL  := core store web iris train batch
lib_src    = $(wildcard lib/$(1)/*.c)
lib_obj    = $(patsubst %.c,$(BUILD)/%.o,$(call lib_src,$(1)))
lib_a      = $(BUILD)/lib/lib$(1).a
inc        = $(foreach d,$(1),-iquote lib/$(d))

INC_core  := $(call inc,core)
INC_store := $(call inc,core store)
INC_web   := $(call inc,core store web iris)
INC_iris  := $(call inc,core iris)
INC_train := $(call inc,core train)
INC_batch := $(call inc,core store train iris batch)
INC_cmd   := $(INC_batch) -iquote batch
INC_test  := $(call inc,$(LIBS_ALL)) -iquote batch

# External libraries, by who may link them (a page pays start-up time for every shared library).
SQLITE_LIBS := $(shell $(PKG) --libs sqlite3 2>/dev/null || echo -lsqlite3)
TRAIN_LIBS  := -llinear -llbfgs -lpthread
# libcurl is loaded on first use (lib/batch/curl_lazy.c), not linked: see that file.
BATCH_LIBS  := $(shell $(PKG) --libs jansson libxml-2.0 libzip libcbor 2>/dev/null) -lcsv -ldl
BATCH_CFLAGS := $(shell $(PKG) --cflags libcurl jansson libxml-2.0 libzip libcbor 2>/dev/null)
CORE_LIBS   := -lnettle -lz -lm
# CGIs are static executables when the archives exist (no dynamic loading on every request);
# sanitizer builds link only SQLite, libfcgi, nettle and zlib statically (ASan cannot be static).
STATIC_OK  := $(shell for a in libsqlite3.a libfcgi.a libnettle.a libz.a; do test -f "$$($(CC) -print-file-name=$$a)" || exit 0; done; echo 1)
# The batch links nettle statically when its archive exists: `twitoff predict` starts faster
# with one shared library fewer to load (bench/instructions.sh counts it); zlib stays shared, as
# libxml2 loads it anyway.
ifeq ($(STATIC_OK),1)
BATCH_CORE_LIBS := -Wl,-Bstatic -lnettle -Wl,-Bdynamic -lz -lm
else
BATCH_CORE_LIBS := $(CORE_LIBS)
endif
ifeq ($(STATIC_OK)$(SANITIZE),1)
CGI_LIBS   := -static -lsqlite3 -lfcgi -lnettle -lz -lm
else ifeq ($(STATIC_OK),1)
CGI_LIBS   := -Wl,-Bstatic -lsqlite3 -lfcgi -lnettle -lz -Wl,-Bdynamic -lm
else
CGI_LIBS   := $(SQLITE_LIBS) -lfcgi $(CORE_LIBS)
endif

# STATIC=1 (for a shared host): CGIs fully static; the batch links SQLite, liblinear, BLAS, libcsv,
# nettle, zlib and libxml2 (with ICU, xz) statically and needs only libjansson (its static
# archive clashes with lib/core/text.c's utf8_encode), libzip and libcbor (Debian ships no static
# archives of them) and the C/C++ runtimes; libcurl is loaded on first use.
ifeq ($(STATIC),1)
CGI_LDFLAGS := -static
BATCH_LIBS  := -Wl,-Bstatic -lcsv -llinear -llbfgs -lblas -lsqlite3 -lxml2 -licui18n -licuuc -licudata \
               -lnettle -lz -llzma -Wl,-Bdynamic -ljansson -lzip -lcbor -lstdc++ -ldl
TRAIN_LIBS  := -lpthread
BATCH_EXT   := -lm
else
BATCH_EXT   = $(SQLITE_LIBS) $(BATCH_CORE_LIBS)
endif

SCHEMA    := $(sort $(wildcard schema/[0-9][0-9][0-9]-*.sql))
obj        = $(patsubst %.c,$(BUILD)/%.o,$(1))
CMD_OBJ   := $(call obj,$(wildcard batch/*.c))
CGI_SRC   := $(wildcard cgi-bin/*.c)
CGIS      := $(patsubst cgi-bin/%.c,$(BIN)/cgi-bin/%,$(CGI_SRC))
TWITOFF   := $(BIN)/twitoff

# What each kind of program links, most dependent library first.
BATCH_A   := $(call lib_a,batch) $(call lib_a,train) $(call lib_a,iris) $(call lib_a,store) $(call lib_a,core)
CGI_A     := $(call lib_a,web) $(call lib_a,iris) $(call lib_a,store) $(call lib_a,core)
TEST_A    := $(call lib_a,web) $(BATCH_A)

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNITS     := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
# The fault-injection shim the fault sweep preloads into the batch (tests/cmd/t67-faults.sh).
FAULT_SO  := $(BUILD)/tests/fault.so

.PHONY: all deps help test unit demo run stop bench bench-web fuzz clean install uninstall routes
all: $(TWITOFF) $(CGIS) $(GEN)/routes-apache

help:
	@echo "make            build bin/twitoff and the CGI programs (bin/cgi-bin/)"
	@echo "make demo       import and train the bundled demo data into ./var"
	@echo "make run        serve the demo on http://127.0.0.1:\$${PORT:-8080}/ (FCGI=1 for FastCGI)"
	@echo "make stop       stop the server started by make run"
	@echo "make test       every test suite (SANITIZE=1: with AddressSanitizer + UBSan)"
	@echo "make bench      benchmarks; results in bench/RESULTS.md, RESULTS-calibration.md, RESULTS-import.md, RESULTS-web.md,"
	@echo "                RESULTS-p99.md, RESULTS-scale.md, RESULTS-shared-web.md"
	@echo "make bench-web  only the web benchmark (bench/RESULTS-web.md)"
	@echo "make fuzz       longer libFuzzer runs (FUZZ_SECONDS=60 each)"
	@echo "make routes     write the route lines of htdocs/apache.conf.in and htdocs/htaccess again"
	@echo "make install    PREFIX=... TWITOFF_HOME=... (see docs/deploy.md); also the manual pages"

deps:
	@scripts/deps.sh build

# Compiling: each folder with the headers it may see.
define lib_rules
$(BUILD)/lib/$(1)/%.o: lib/$(1)/%.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CPPFLAGS) $$(INC_$(1)) $$(CFLAGS) $$(WARN) $(if $(filter batch,$(1)),$$(BATCH_CFLAGS)) -MMD -MP -c -o $$@ $$<
$(call lib_a,$(1)): $(call lib_obj,$(1)) $(if $(filter store,$(1)),$(BUILD)/gen/schema.o)
	@mkdir -p $$(dir $$@)
	rm -f $$@ && $$(AR) rcs $$@ $$^
endef
$(foreach l,$(LIBS_ALL),$(eval $(call lib_rules,$(l))))

$(BUILD)/batch/%.o: batch/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INC_cmd) $(CFLAGS) $(WARN) $(BATCH_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/cgi-bin/%.o: cgi-bin/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INC_web) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<

$(BUILD)/bench/%.o: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INC_batch) $(CFLAGS) $(WARN) $(BATCH_CFLAGS) -MMD -MP -c -o $@ $<

$(GEN)/schema.c: $(SCHEMA) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	scripts/embed-sql.sh $(SCHEMA) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/schema.o: $(GEN)/schema.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The route lines of htdocs/apache.conf.in and htdocs/htaccess come from the route table
# (lib/web/routes.c): `make routes` writes them again, tests/cgi/t20-routes-fields.sh checks them.
$(GEN)/routes-apache: scripts/routes-apache.c $(call lib_a,web) $(call lib_a,core)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INC_web) $(CFLAGS) $(WARN) -o $@ $^ $(CORE_LIBS) $(LDFLAGS)

routes: $(GEN)/routes-apache
	$(GEN)/routes-apache conf htdocs/apache.conf.in > htdocs/apache.conf.in.tmp && mv htdocs/apache.conf.in.tmp htdocs/apache.conf.in
	$(GEN)/routes-apache htaccess htdocs/htaccess > htdocs/htaccess.tmp && mv htdocs/htaccess.tmp htdocs/htaccess

# Linking.
$(TWITOFF): $(CMD_OBJ) $(BATCH_A)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BATCH_LIBS) $(TRAIN_LIBS) $(BATCH_EXT)

$(BIN)/cgi-bin/%: $(BUILD)/cgi-bin/%.o $(CGI_A)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(CGI_LDFLAGS) -o $@ $^ $(CGI_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(TEST_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INC_test) $(CFLAGS) $(WARN) $(BATCH_CFLAGS) -o $@ $^ -lcmocka $(BATCH_LIBS) \
	  $(TRAIN_LIBS) $(SQLITE_LIBS) -lfcgi $(CORE_LIBS) $(LDFLAGS)

# Built without the sanitizers: it is preloaded into programs that may carry them.
$(FAULT_SO): tests/fault/fault.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g $(WARN) -shared -fPIC -o $@ $< -ldl

unit: $(UNITS)
	@BUILD=$(abspath $(BUILD)) SUITES=unit tests/run.sh

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory all $(UNITS) $(FAULT_SO)
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

# install / uninstall: see scripts/install.sh and docs/deploy.md.
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

# Benchmarks: bench/run.sh (core) writes bench/RESULTS.md, bench/calibration.sh RESULTS-calibration.md.
bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all $(BIN)/bench-accuracy $(BIN)/bench-shared-synth
	@BIN=$(abspath $(BIN)) bench/run.sh
	@BIN=$(abspath $(BIN)) bench/calibration.sh
	@BIN=$(abspath $(BIN)) bench/import-archive.sh
	@BIN=$(abspath $(BIN)) bench/web.sh
	@BIN=$(abspath $(BIN)) bench/shared-web.sh
	@BIN=$(abspath $(BIN)) bench/p99.sh
	@BIN=$(abspath $(BIN)) bench/scale.sh

# A shared model file of synthetic weights at a given scale (bench/shared-web.sh).
$(BIN)/bench-shared-synth: $(BUILD)/bench/shared_synth.o $(call lib_a,core)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CORE_LIBS)

$(BIN)/bench-accuracy: $(BUILD)/bench/accuracy.o $(BATCH_A)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BATCH_LIBS) $(TRAIN_LIBS) $(BATCH_EXT)
