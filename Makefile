# Analysts: `make all` rebuilds the dataset from RAW_DIR; `make test` runs the tests.
RAW_DIR ?= data/raw
OUT_DIR ?= data/out
NODE ?= node

.PHONY: all build test docs clean deps

all: build
	$(NODE) build/pipeline/cli.js run --raw-dir "$(RAW_DIR)" --out-dir "$(OUT_DIR)"

# Install dependencies when missing (fresh clone), then compile TypeScript.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: node_modules/.package-lock.json

build: deps
	npx tsc -p tsconfig.json

test: deps
	npx vitest run

docs: build
	mkdir -p docs
	$(NODE) build/pipeline/cli.js docs --out docs/data-dictionary.md

clean:
	rm -rf build "$(OUT_DIR)"
