#!/usr/bin/env bash
# `npm test`: installs what the tests need and runs every test, on both
# engines: type check and lint; unit and integration tests on SQLite; the
# integration tests on PostgreSQL; the build; the end-to-end suite on SQLite
# and on PostgreSQL.
#
# PostgreSQL comes from TEST_POSTGRES_URL, or a throwaway cluster this script
# starts and removes (scripts/postgres-cluster.sh; as root on Debian it
# installs the package first). Without PostgreSQL it says what to install
# and runs the SQLite half.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

stage() {
  echo
  echo "== $1"
}

bash scripts/ensure-chromium.sh
stage "install (npm ci)"
npm ci --no-audit --no-fund

# shellcheck source=scripts/postgres-cluster.sh
source scripts/postgres-cluster.sh
postgres=0
if start_test_postgres; then postgres=1; fi

stage "type check"
npm run --silent typecheck
stage "lint and format"
npm run --silent lint
stage "unit and integration tests on SQLite"
npx vitest run
if [ "$postgres" = 1 ]; then
  stage "integration tests on PostgreSQL"
  TEST_DATABASE=postgresql npx vitest run
fi
stage "build"
npm run --silent build
stage "end-to-end tests on SQLite"
npx playwright test
if [ "$postgres" = 1 ]; then
  stage "end-to-end tests on PostgreSQL"
  E2E_DATABASE=postgresql npx playwright test
else
  echo
  echo "PostgreSQL was not available: only the SQLite half of the tests ran."
fi
