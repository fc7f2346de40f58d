#!/usr/bin/env node
// Runs the TypeScript CLI through tsx from the package folder, so migrations and the default
// data folder resolve the same way as for the server; file arguments keep the caller's folder.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  process.execPath,
  ['--conditions=react-server', '--import', 'tsx', path.join(root, 'cli/main.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LIFTOFF_CWD: process.env.LIFTOFF_CWD ?? process.cwd() },
  },
);
process.exit(result.status ?? 1);
