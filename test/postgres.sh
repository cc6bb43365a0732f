#!/usr/bin/env bash
# Starts Debian's PostgreSQL for the tests (installing it when missing) and makes the role they
# use; prints the TEST_DATABASE_URI to run the suite with. Each test file or server then gets a
# database of its own (newsroom_test_…), dropped when it closes; leftovers from an interrupted run
# are dropped here.
#
#   TEST_DATABASE_URI=$(test/postgres.sh) npm test
set -euo pipefail

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "== installing postgresql" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -1)
if [ -z "${VERSION:-}" ]; then
  echo "== creating a PostgreSQL cluster" >&2
  VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
  $SUDO pg_createcluster "$VERSION" main >&2
  read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -1)
fi
if [ "$STATUS" != "online" ]; then
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start >&2
fi
for _ in $(seq 1 50); do
  as_postgres pg_isready -q -p "$PORT" && break
  sleep 0.2
done

as_postgres psql -p "$PORT" -qtA -v ON_ERROR_STOP=1 >&2 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsroom') THEN
    CREATE ROLE newsroom LOGIN CREATEDB PASSWORD 'newsroom';
  END IF;
END $$;
SQL
for db in $(as_postgres psql -p "$PORT" -qtA -c "SELECT datname FROM pg_database WHERE datname LIKE 'newsroom\_test\_%'"); do
  as_postgres psql -p "$PORT" -qtA -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >&2
done

echo "postgres://newsroom:newsroom@127.0.0.1:${PORT}/postgres"
