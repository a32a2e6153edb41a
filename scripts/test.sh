#!/usr/bin/env bash
# All tests, in the order of cost: data validation, then pytest (unit tests, the trained bot's
# NLU and dialogue tests, the REST end-to-end test, the browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
echo "== rasa data validate"
.venv/bin/rasa data validate --fail-on-warnings
echo "== pytest"
exec .venv/bin/python -m pytest "$@" tests
