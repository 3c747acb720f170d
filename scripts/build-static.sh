#!/usr/bin/env bash
# Placeholder until the static build lands: makes sure the vendor folder exists.
set -euo pipefail
mkdir -p src/florwork/static/vendor
