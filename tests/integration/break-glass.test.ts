import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '@/cli/args';
import { userAdd } from '@/cli/users';
import { login } from '@/lib/auth/login';
import { createUser, listUsers } from '@/lib/auth/users';
import { openPglite } from '@/lib/db/client';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'correct horse battery staple';

function liftoff(args: string[], dataDir: string) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/liftoff.mjs'), ...args], {
    cwd: os.tmpdir(),
    env: { ...process.env, LIFTOFF_DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('break-glass admin while password login is off', () => {
  // One CLI process (a few seconds, more on a busy machine).
  it('is made only by the CLI, only as an admin, and is the only password that still works', {
    timeout: 120_000,
  }, async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'liftoff-bg-')), 'data');
    const user = (email: string, role: string, ...extra: string[]) =>
      liftoff(
        ['user', 'add', '--email', email, '--name', email, '--role', role, '--password', PASSWORD, ...extra],
        dataDir,
      );

    await expect(
      userAdd(['--email', 'eng@example.io', '--name', 'Eng', '--role', 'engineer', '--break-glass']),
    ).rejects.toThrow(new UsageError('--break-glass is for admins: include admin in --role'));
    const made = user('glass@example.io', 'admin', '--break-glass');
    expect(made.code, made.err).toBe(0);
    expect(made.out).toContain('created glass@example.io (admin), break-glass');

    const store = await openPglite(dataDir);
    try {
      await store.migrate();
      const deps = { db: store.db, redis: null };
      await createUser(store.db, {
        email: 'plain@example.io',
        name: 'Plain',
        password: PASSWORD,
        roles: ['admin'],
      });
      const listed = await listUsers(store.db);
      expect(listed.map((u) => [u.email, u.breakGlass])).toEqual([
        ['glass@example.io', true],
        ['plain@example.io', false],
      ]);
      const attempt = (email: string, password = PASSWORD) =>
        login(deps, { email, password, ip: '10.9.9.9', ttlHours: 1, breakGlassOnly: true }).then(
          (r) => r.user.email,
          (e: Error) => e.message,
        );
      expect(await attempt('glass@example.io')).toBe('glass@example.io');
      // A right password of an ordinary user reads exactly like a wrong one.
      const refused = await attempt('plain@example.io');
      expect(refused).toBe(await attempt('glass@example.io', 'not the password at all'));
      expect(refused).toMatch(/do not match/);
    } finally {
      await store.close();
    }
  });
});
