# sqlmap's everyday commands. `make test` is what CI runs.
GO ?= go
FUZZTIME ?= 10s
BENCHCOUNT ?= 6

.PHONY: test vet fmt-check unit fuzz check-queries demo bench build

## test: vet, format check, every test (unit and integration, with -race), a short fuzz run, the example's queries vetted
test: vet fmt-check unit fuzz check-queries

vet:
	$(GO) vet ./...

fmt-check:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

unit:
	$(GO) test -race -count=1 ./...

## fuzz: the query-file parser under the fuzzer for $(FUZZTIME)
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParseFile$$' -fuzztime $(FUZZTIME) ./sqlmap/

## check-queries: the example app's queries prepared against its migrations (DATABASE_URL's server, or a throwaway local PostgreSQL)
check-queries:
	$(GO) run ./cmd/sqlmap vet --queries queries --migrations migrations

## demo: the README's quickstart (DATABASE_URL, or a throwaway local PostgreSQL)
demo:
	$(GO) run ./cmd/quickstart

## bench: the benchmark suite, $(BENCHCOUNT) runs, summarised by benchstat
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) ./integration_test/ | tee bench.txt
	$(GO) run golang.org/x/perf/cmd/benchstat@latest bench.txt

build:
	$(GO) build ./...
