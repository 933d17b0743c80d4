# sqlmap's everyday commands. `make test` is what CI runs.
GO ?= go
# A count, not a duration: with a duration, Go 1.26's fuzzing coordinator
# can report a spurious "context deadline exceeded" failure when the time
# runs out mid-input (golang/go#75804, fixed in Go 1.27). 150,000 inputs
# take some 10 s here; FUZZTIME=5000000x hunts longer.
FUZZTIME ?= 150000x
BENCHCOUNT ?= 6

.PHONY: test vet fmt-check offline unit fuzz check-queries demo bench bench-draft build

## test: vet, format check, the drafting core with no database, every test (unit and integration, with -race), a short fuzz run, the example's queries vetted
test: vet fmt-check offline unit fuzz check-queries

vet:
	$(GO) vet ./...

fmt-check:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## offline: Diff, the planner, Format and the model readers, with DATABASE_URL at a closed port: they must need no PostgreSQL
OFFLINE_TESTS = ^(TestWalk|TestSplitOptions|TestHasOption|TestSplitStatements|TestDiff|TestPlanChanges|TestHazardKinds|ExampleDiff|TestReadersAgree|TestFromStructs|TestLoadModels|TestColumnOptions|TestDirectives|TestTypeMapping)
offline:
	DATABASE_URL=postgres://postgres@127.0.0.1:1/offline $(GO) test -count=1 -run '$(OFFLINE_TESTS)' ./sqlmap/schema/ ./internal/layout/ ./internal/sqllex/

unit:
	$(GO) test -race -count=1 ./...

## fuzz: the query-file parser, the lexer (no parameter inside a string, comment or quoted name, by an independent pass), the migration splitter, the model-text check and the project and .env files' parsers under the fuzzer, $(FUZZTIME) inputs each (or a duration)
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParseFile$$' -fuzztime $(FUZZTIME) ./sqlmap/
	$(GO) test -run '^$$' -fuzz '^FuzzSplit$$' -fuzztime $(FUZZTIME) ./internal/sqllex/
	$(GO) test -run '^$$' -fuzz '^FuzzLex$$' -fuzztime $(FUZZTIME) ./internal/sqllex/
	$(GO) test -run '^$$' -fuzz '^FuzzCheckFragment$$' -fuzztime $(FUZZTIME) ./sqlmap/schema/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/project/
	$(GO) test -run '^$$' -fuzz '^FuzzParseDotEnv$$' -fuzztime $(FUZZTIME) ./internal/project/

## check-queries: the example app's queries prepared against its migrations, in a scratch database (DATABASE_URL's server; else 127.0.0.1:5432 when it answers; else a throwaway cluster)
check-queries:
	$(GO) run ./cmd/sqlmap vet --queries queries --migrations migrations

## demo: the README's quickstart (DATABASE_URL; else a database of its own on 127.0.0.1:5432 when it answers, else in a throwaway cluster: the rule of make test)
demo:
	$(GO) run ./cmd/quickstart

## bench: the benchmark suite ($(BENCH)), $(BENCHCOUNT) runs, on CPU 1 when taskset exists, summarised by benchstat
BENCH ?= .
bench:
	$(GO) test -c -o bench.test ./integration_test/
	@# Pinning the client to one CPU steadies the figures (the server runs
	@# on the others); without taskset the suite runs unpinned.
	@if command -v taskset >/dev/null 2>&1 && taskset -c 1 true 2>/dev/null; then pin="taskset -c 1"; \
	else pin=""; echo "bench: taskset unavailable, running unpinned"; fi; \
	(cd integration_test && $$pin ../bench.test -test.run '^$$' -test.bench '$(BENCH)' -test.benchmem -test.count $(BENCHCOUNT); \
	echo $$? > ../bench.rc) | tee bench.txt; rc=$$(cat bench.rc); rm -f bench.test bench.rc; exit $$rc
	$(GO) run golang.org/x/perf/cmd/benchstat@latest bench.txt
	@echo; echo "Side by side, against the first implementation:"
	$(GO) run golang.org/x/perf/cmd/benchstat@latest -filter '.name:(One OR Many)' -col /impl bench.txt
	$(GO) run golang.org/x/perf/cmd/benchstat@latest -filter '.name:Insert' -col /impl bench.txt

## bench-draft: drafting 200 generated tables (first draft, in sync, one added column), $(BENCHCOUNT) runs, with the catalog queries per draft
bench-draft:
	@$(GO) test -run '^$$' -bench Draft -benchtime 3x -count $(BENCHCOUNT) ./sqlmap/schema/ > bench-draft.txt; \
	rc=$$?; cat bench-draft.txt; exit $$rc
	$(GO) run golang.org/x/perf/cmd/benchstat@latest bench-draft.txt

build:
	$(GO) build ./...
