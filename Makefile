# OpenOMS — `make demo` runs it, `make test` passes the tests. `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/openoms
HOST ?= 127.0.0.1
PORT ?= 8000
SHOPIFY_PORT ?= 8801
SHIPBOB_PORT ?= 8802

.DEFAULT_GOAL := help
.PHONY: help setup demo serve test test-fast test-pg test-browser lint format migrations bench clean browser fuzz

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml emulator/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' -e ./emulator
	touch $(STAMP)

setup: $(STAMP) ## Create .venv and install OpenOMS with its development tools

demo: $(STAMP) ## Set up, migrate SQLite, start the Shopify/ShipBob emulators, load demo data, serve on :8000
	$(BIN)/openoms demo --host $(HOST) --port $(PORT) --shopify-port $(SHOPIFY_PORT) --shipbob-port $(SHIPBOB_PORT)

browser: ## Install Debian's chromium for the browser tests when it is missing (needs root)
	@bash scripts/ensure-chromium.sh

test: $(STAMP) browser ## Run the whole suite (SQLite, browser tests included)
	$(BIN)/pytest -n 2 --dist loadgroup

test-pg: $(STAMP) browser ## Run the whole suite against PostgreSQL ($$PG_URL)
	OPENOMS_DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 --dist loadgroup

test-fast: $(STAMP) ## Run the suite without the browser tests
	$(BIN)/pytest -n 2 -m "not browser"

lint: $(STAMP) ## ruff (lint + format check) and import-linter layer rules
	$(BIN)/ruff check src tests bench emulator
	$(BIN)/ruff format --check src tests bench emulator
	cd src && ../$(BIN)/lint-imports --config ../pyproject.toml

format: $(STAMP) ## Apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix src tests bench emulator
	$(BIN)/ruff format src tests bench emulator

migrations: $(STAMP) ## Generate migrations for model changes
	$(BIN)/openoms makemigrations

fuzz: $(STAMP) ## Fuzz /api/v2 with schemathesis for $$MINUTES minutes (default 10) on PostgreSQL
	bash scripts/api-fuzz.sh

clean: ## Remove the virtual environment and local data (var/)
	rm -rf $(VENV) var .pytest_cache .ruff_cache
