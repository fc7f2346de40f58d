#!/usr/bin/env bash
# Makes sure the PostgreSQL and Redis the tests use are up: starts local servers when they are
# installed but stopped, and says clearly what is missing otherwise.
set -u
PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
pg_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname+" "+(u.port||5432))' "$PG_URL")
redis_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname+" "+(u.port||6379))' "$REDIS_URL")

up() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_up() { for _ in $(seq 1 50); do up "$1" "$2" && return 0; sleep 0.2; done; return 1; }

read -r h p <<<"$pg_host"
if ! up "$h" "$p"; then
  if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
    echo "starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  wait_up "$h" "$p" || { echo "PostgreSQL is not reachable at $h:$p and could not be started. Install it or set DATABASE_URL." >&2; exit 1; }
fi

read -r h p <<<"$redis_host"
if ! up "$h" "$p"; then
  if command -v redis-server >/dev/null; then
    echo "starting Redis…"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$p" --save "" --appendonly no >/dev/null
  fi
  wait_up "$h" "$p" || { echo "Redis is not reachable at $h:$p and could not be started. Install redis-server or set REDIS_URL." >&2; exit 1; }
fi
echo "services: PostgreSQL and Redis are up"
