# Analysts: `make all` rebuilds the dataset from RAW_DIR; `make test` runs the tests.
RAW_DIR ?= data/raw
OUT_DIR ?= data/out
NODE ?= node
# The run keeps both cores busy with its own worker threads and DuckDB; V8's background threads
# (concurrent GC and compilation) only competed with them: --single-threaded made a run 8-10 %
# faster on the 2-core machine (1 000 reports, four alternating runs).
NODE_FLAGS ?= --single-threaded

.PHONY: all merge build test bench forms mutate csv report docs sql explore clean deps

# SHARD=K/N: only shard K of N of RAW_DIR, into OUT_DIR (one machine of several; then make merge).
all: build
	$(NODE) $(NODE_FLAGS) build/pipeline/cli.js run --raw-dir "$(RAW_DIR)" --out-dir "$(OUT_DIR)" $(if $(SHARD),--shard $(SHARD))

# One database and Parquet set in OUT_DIR from the shards' OUT_DIRs: make merge SHARD_DIRS="/mnt/out/1 /mnt/out/2 …"
merge: build
	$(NODE) build/pipeline/cli.js merge --out-dir "$(OUT_DIR)" $(SHARD_DIRS)

# Install dependencies when missing (fresh clone), then compile TypeScript.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: node_modules/.package-lock.json

build: deps
	npx tsc -p tsconfig.json

# The tests also run the compiled CLI (worker threads, child processes), so build first; the tests'
# own TypeScript is checked too (vitest strips types without checking them).
test: build
	npx tsc -p tsconfig.tests.json
	npx vitest run

# Benchmark: synthetic corpora of 100, 1,000 and 10,000 reports (BENCH_SIZES), figures printed
# and written to $(OUT_DIR)/bench/. Needs pdftotext (apt-get install poppler-utils) for the PDF ratio.
bench: build
	RAW_DIR="$(RAW_DIR)" OUT_DIR="$(OUT_DIR)" $(NODE) $(NODE_FLAGS) build/pipeline/bench.js

# Exact-cell F1 of every input form (the PDF, and the text each real extractor makes of it) on
# the real Shanghai PDFs and 40 synthetic reports of each layout family: docs/input-forms.md.
# Needs the extractors CI installs (poppler-utils, mupdf-tools, python3-pdfminer). The run fails
# where a seed does (the test says which); the table is written all the same.
forms: build
	mkdir -p docs
	FORMS_SEEDS=1-40 FORMS_REPORT=docs/input-forms.md npx vitest run tests/forms.test.ts || true
	@cat docs/input-forms.md

# Mutation testing of the code where a silent bug costs most (stryker.config.mjs): reports/mutation/
# mutation.html and mutation.json; then the five bugs that once passed every test, one at a time.
# Not in CI (minutes, not seconds).
mutate: deps
	npx stryker run
	bash tests/known-bugs.sh

# Spreadsheet exports of the views (UTF-8 with BOM) under $(OUT_DIR)/csv/; run `make all` first.
csv: build
	$(NODE) build/pipeline/cli.js csv --out-dir "$(OUT_DIR)"

# Interactive read-only SQL shell on $(OUT_DIR)/disclosures.duckdb (.help inside); run `make all` first.
# For scripts: node build/pipeline/cli.js sql "SELECT …" --format csv
sql: build
	@$(NODE) build/pipeline/cli.js sql --out-dir "$(OUT_DIR)"

# A page on 127.0.0.1 that queries $(OUT_DIR)/parquet with DuckDB-WASM (recipes, report pages); run `make all` first.
explore: build
	@$(NODE) build/pipeline/cli.js explore --out-dir "$(OUT_DIR)"

# Static HTML quality report: $(OUT_DIR)/report/index.html; run `make all` first.
report: build
	$(NODE) build/pipeline/cli.js report --out-dir "$(OUT_DIR)"

docs: build
	mkdir -p docs
	$(NODE) build/pipeline/cli.js docs --out docs/data-dictionary.md

clean:
	rm -rf build "$(OUT_DIR)"
