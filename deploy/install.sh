#!/bin/sh
# Install osai-procure into a virtual environment from the hashed lock. The one list of install
# steps: `make` runs it to build .venv (for the tests) and deploy/Dockerfile runs it to build the
# image, so the image holds exactly what the tests ran against.
#
#   PYTHON=python3 sh deploy/install.sh VENV [LOCK]      (run from the checkout's root)
set -eu
venv=$1
lock=${2:-requirements/dev.lock}
"${PYTHON:-python3}" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --require-hashes --no-deps -r "$lock"
"$venv/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
