/**
 * `npm start`: validate the configuration (one line and exit 1 when wrong), build when there
 * is no build yet, then serve on PORT. Migrations run inside the server at start-up.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadEnvOrExit } from '../lib/config/env';
import { loadNotificationsConfigOrExit } from '../lib/config/notifications';
import { loadTargetsConfigOrExit } from '../lib/config/targets';

const config = loadEnvOrExit();
loadTargetsConfigOrExit();
loadNotificationsConfigOrExit();
const next = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');

if (!fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) {
  console.log('liftoff: no build found, building once (about a minute)…');
  const build = spawnSync(process.execPath, [next, 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// scripts/serve.mjs is `next start` plus the peer address rate limits need (see the file).
const serve = path.join(process.cwd(), 'scripts', 'serve.mjs');
const server = spawn(process.execPath, [serve, String(config.PORT)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
