#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on localhost; start them when they are installed but stopped.
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}

pg_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql/ >/dev/null 2>&1; then
    version=$(ls /etc/postgresql | sort -V | tail -n1)
    echo "PostgreSQL $version arrêté : démarrage…"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  elif command -v pg_ctl >/dev/null 2>&1 && [ -n "${PGDATA:-}" ]; then
    pg_ctl -D "$PGDATA" -l /tmp/relais-postgres.log start
  else
    echo "PostgreSQL n'est ni joignable sur $PGHOST:$PGPORT ni installé (apt-get install postgresql)." >&2
    exit 1
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "PostgreSQL ne répond pas." >&2; exit 1; }
fi

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "Redis arrêté : démarrage…"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /tmp --logfile /tmp/relais-redis.log
  else
    echo "Redis n'est ni joignable sur 127.0.0.1:6379 ni installé (apt-get install redis-server)." >&2
    exit 1
  fi
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  redis_up || { echo "Redis ne répond pas." >&2; exit 1; }
fi

# The tests connect as postgres/postgres over TCP. With trust auth the password is ignored; on a fresh Debian
# install (md5/scram auth) give the postgres role that password once, through the local socket.
if ! PGPASSWORD=postgres psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atc "select 1" >/dev/null 2>&1; then
  if command -v su >/dev/null 2>&1 && id postgres >/dev/null 2>&1; then
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" || true
  fi
fi
PGPASSWORD=postgres psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atc "select 1" >/dev/null \
  || { echo "Connexion à PostgreSQL impossible en tant que postgres." >&2; exit 1; }

# The database roles of docs/securite.md (row-level security): the owner runs migrations, the application connects as
# relais_app (neither owner nor superuser), and relais_transversal is the audited cross-tenant path the application
# may switch to (collectivites/tenancy.py cross_tenant_access). Created once per cluster, idempotent; the passwords
# (the role names) are for the local test cluster only.
PGPASSWORD=postgres psql -q -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'relais_proprietaire') THEN
    CREATE ROLE relais_proprietaire LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS PASSWORD 'relais_proprietaire';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'relais_app') THEN
    CREATE ROLE relais_app LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB PASSWORD 'relais_app';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'relais_transversal') THEN
    CREATE ROLE relais_transversal NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  -- NOINHERIT: the transversal policy applies only after an explicit switch (SET ROLE), never by membership
  ALTER ROLE relais_app NOINHERIT;
  IF NOT pg_has_role('relais_app', 'relais_transversal', 'MEMBER') THEN
    GRANT relais_transversal TO relais_app;
  END IF;
END
$$;
SQL
echo "PostgreSQL et Redis prêts."
