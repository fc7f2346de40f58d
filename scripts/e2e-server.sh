#!/usr/bin/env bash
# The server the e2e suite drives: a fresh build of this checkout on a fresh embedded store,
# with the local Redis for the session cache and live fan-out.
set -euo pipefail
PORT="${1:-3210}"
DATA=".liftoff/e2e-$PORT"
rm -rf "$DATA" "$DATA.lock" && mkdir -p "$DATA"
export NEXT_TELEMETRY_DISABLED=1
node node_modules/next/dist/bin/next build >"$DATA/build.log" 2>&1 || { cat "$DATA/build.log" >&2; exit 1; }
# Redis database 7 belongs to the e2e suite: emptied here so rate-limit counters of earlier runs do not leak in.
E2E_REDIS_URL="${E2E_REDIS_URL:-redis://127.0.0.1:6379/7}"
node -e 'const R=require("ioredis");const r=new R(process.argv[1]);r.flushdb().then(()=>r.quit())' "$E2E_REDIS_URL"
# A staging environment with two service instances (served by e2e/global-setup.ts), the first's
# metrics, their ports as a tcp target, and a Redis, probed every second so the health page fills
# quickly; `local` stays Liftoff itself.
cat >"$DATA/targets.yml" <<YAML
environments:
  staging:
    thresholds: { latencyTarget: 5ms, hitRateTarget: 0.9 }
    targets:
      http:api:
        instances:
          - { name: api-1, url: "http://127.0.0.1:$((PORT + 81))" }
          - { name: api-2, url: "http://127.0.0.1:$((PORT + 82))" }
        healthPath: /health
        interval: 1s
      redis:cache: { url: "\${E2E_REDIS_URL}", interval: 1s }
      prometheus:api: { url: "http://127.0.0.1:$((PORT + 81))/metrics", interval: 1s }
      tcp:api-ports:
        instances:
          - { name: api-1-port, host: 127.0.0.1, port: $((PORT + 81)) }
          - { name: api-2-port, host: 127.0.0.1, port: $((PORT + 82)) }
        interval: 1s
# Notifications go to the first service instance, which answers any POST with 200.
notifications:
  channels:
    e2e-hook: { type: webhook, url: "http://127.0.0.1:$((PORT + 81))/hooks/liftoff", secret: "e2e-webhook-secret-0123" }
  routes:
    - { events: [run.ready_for_signoff, run.finished], channels: [e2e-hook] }
YAML
export LIFTOFF_CONFIG="$DATA/targets.yml" E2E_REDIS_URL
export LIFTOFF_DATA_DIR="$DATA/data" REDIS_URL="$E2E_REDIS_URL" NODE_ENV=production
export LIFTOFF_PUBLIC_URL="http://127.0.0.1:$PORT"
unset DATABASE_URL
exec node scripts/serve.mjs "$PORT" 127.0.0.1
