/**
 * A second Liftoff for the single sign-on specs: the same build the suite's server made, on a
 * free port, with a fresh embedded store and the environment a spec gives it (the identity
 * provider's address is only known once the spec has started it).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export { freePort } from '../tests/support/probe-servers';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface LiftoffServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, LIFTOFF_CONFIG: _config, ...rest } = process.env;
  return {
    ...rest,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    LIFTOFF_DATA_DIR: dataDir,
    LIFTOFF_MONITOR: 'off',
  };
}

export const freshDataDir = () =>
  path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'liftoff-sso-e2e-')), 'data');

/** `liftoff <args>` against a data dir (before the server holds it). */
export function liftoffCli(args: string[], dataDir: string) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/liftoff.mjs'), ...args], {
    cwd: ROOT,
    env: baseEnv(dataDir),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`liftoff ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

export async function startLiftoff(
  port: number,
  env: Record<string, string>,
  dataDir = freshDataDir(),
): Promise<LiftoffServer> {
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: ROOT,
      env: { ...baseEnv(dataDir), LIFTOFF_PUBLIC_URL: url, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Liftoff exited at start-up: ${stderr}`);
    const ok = await fetch(`${url}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`Liftoff did not start on ${url}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
