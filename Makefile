# The child-safety assistant. `make chat` sets everything up and opens the terminal chat;
# `make test` runs every test. Each target installs what it needs first.
SHELL := /bin/bash
VENV ?= .venv
RASA := $(VENV)/bin/rasa
MODEL := models/child-safety.tar.gz
TRAIN_INPUTS := config.yml domain.yml $(wildcard data/*.yml data_harm/*.yml) $(wildcard addons/nlu/*.py addons/patches/training.py) core/detect.py core/lexicon.py
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
# library deprecation notices are for us, not for the people chatting
export PYTHONWARNINGS := ignore::DeprecationWarning,ignore::FutureWarning

.PHONY: install install-test install-poster poster telegram train chat serve web counsellor validate lint rules test test-unit load bench report insights review forget cluster cluster-stop bench-cluster soak soak-smoke lock clean

install: $(VENV)/.installed
$(VENV)/.installed: requirements.txt constraints.txt scripts/install.sh
	scripts/install.sh

install-test: install
	scripts/install.sh --test

install-poster: $(VENV)/.installed-poster
$(VENV)/.installed-poster: $(VENV)/.installed requirements-poster.txt constraints.txt scripts/install.sh
	scripts/install.sh --poster

# Retrains only when the data, domain, config or pipeline code changed since the last model.
train: $(MODEL)
$(MODEL): $(VENV)/.installed $(TRAIN_INPUTS)
	@mkdir -p models
	time $(RASA) train --fixed-model-name child-safety --out models

chat: train           ## set up, train if needed, start the action server, talk in the terminal
	@scripts/chat.sh

serve: train          ## action server + Rasa HTTP API (token) on 127.0.0.1:5005, REST + socketio
	scripts/serve.sh

telegram: train       ## action server + Rasa on 127.0.0.1:5005 with the Telegram channel too (docs/telegram.md): set TELEGRAM_TOKEN, TELEGRAM_SECRET_TOKEN, TELEGRAM_WEBHOOK_URL first
	scripts/serve.sh --credentials credentials.telegram.yml

web: train           ## action server + Rasa (REST + socketio) + the demo page with the widget on http://127.0.0.1:8080
	scripts/web.sh

counsellor: install   ## counsellor accounts of the handoff console (docs/handoff.md): ARGS="add aigerim --name Aigerim", ARGS=list, ARGS=audit
	$(VENV)/bin/python -m tools.counsellors $(or $(ARGS),list)

validate: install     ## training data, domain and stories: no errors, no warnings
	$(RASA) data validate --fail-on-warnings

lint: install-test    ## ruff (ruff.toml) over the Python code, mypy --strict over core/ (mypy.ini)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

rules: install        ## regenerate data/rules.yml from the routing table (core/answers.py)
	$(VENV)/bin/python -m tools.rules

test: install-test lint train  ## everything: lint, validate, unit tests, trained-bot tests, browser tests
	scripts/test.sh

test-unit: install-test  ## the fast tests that need no trained model
	$(VENV)/bin/python -m pytest -q -m "not bot" tests

load: train           ## load test: 50 users for 60 s over REST (USERS=, DURATION= to change)
	$(VENV)/bin/python -m bench.load --users $${USERS:-50} --seconds $${DURATION:-60}

soak: train           ## steady mixed load for DURATION (30m; e.g. 90s, 2h): errors, RSS growth, p95 first vs last 5 min, store growth (docs/faults.md)
	$(VENV)/bin/python -m tools.soak --duration $${DURATION:-30m} --users $${USERS:-8}

soak-smoke: install-test train  ## the 2-minute soak that `make test` runs (tests/bot/test_soak_smoke.py)
	$(VENV)/bin/python -m pytest -q -s tests/bot/test_soak_smoke.py

bench: train          ## speed and memory vs a bare `rasa init` bot, medians of 3 runs (~30-40 min); CI runs --smoke
	$(VENV)/bin/python -m bench.bench

report: train         ## NLU cross-validation (5 folds) + held-out set + test stories -> reports/, summary -> docs/report.md; conversations of tests/heldout/context(_fresh, _fresh6, _fresh8) -> docs/report-context(-fresh, -fresh6, -fresh8).md
	$(VENV)/bin/python -m bench.report
	$(VENV)/bin/python -m bench.context
	$(VENV)/bin/python -m bench.context --sets tests/heldout/context_fresh --out reports/context-fresh.json --md docs/report-context-fresh.md
	$(VENV)/bin/python -m bench.context --sets tests/heldout/context_fresh6 --out reports/context-fresh6.json --md docs/report-context-fresh6.md
	$(VENV)/bin/python -m bench.context --sets tests/heldout/context_fresh8 --out reports/context-fresh8.json --md docs/report-context-fresh8.md

poster: install-poster  ## A4 school posters, PDF + PNG in kk/ru/en with QR codes -> build/poster/ (POSTER_WEB_URL=, POSTER_TELEGRAM_URL=)
	$(VENV)/bin/python -m tools.poster

insights: install     ## report of the tracker store (STORE= URL, endpoints file or SQLite file) -> reports/insights/ (docs/insights.md)
	$(VENV)/bin/python -m tools.insights.report $(if $(STORE),--store "$(STORE)")

review: install       ## review queue, redacted and grouped -> review/queue.json; EXPORT=<group> INTENT=<intent> -> review/candidates.yml; CRISIS=1 (logged) adds crisis messages
	$(VENV)/bin/python -m tools.insights.review $(if $(STORE),--store "$(STORE)") $(if $(EXPORT),--export "$(EXPORT)" --intent "$(INTENT)") $(if $(CRISIS),--include-crisis)

forget: install       ## delete conversations idle > RETENTION_DAYS (30), or one: make forget SENDER=id
	$(VENV)/bin/python -m tools.retention $(if $(SENDER),--sender "$(SENDER)",--older-than-days $${RETENTION_DAYS:-30})

cluster: train        ## production profile: PostgreSQL, Redis, HAProxy, INSTANCES (2) Rasa instances on 127.0.0.1
	deploy/cluster.sh start $${INSTANCES:-2}

cluster-stop:         ## stop what `make cluster` started (database kept; deploy/cluster.sh clean deletes it)
	deploy/cluster.sh stop

bench-cluster: train  ## throughput of 1, 2 and 4 Rasa instances behind HAProxy in one run (50 users, 25 s each)
	$(VENV)/bin/python -m bench.cluster

lock:                 ## rewrite constraints.txt from the current venv (keeps its two comment lines)
	{ head -n 2 constraints.txt; $(VENV)/bin/pip freeze | grep -viE '^(playwright|pyee)='; } > constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf models .rasa results reports conversations.db
