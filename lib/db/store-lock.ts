import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite is single-process: two processes opening one data folder corrupt it. Whoever opens
 * the embedded store holds `<dataDir>.lock` with its pid; others refuse with a clear message.
 */
export class StoreInUseError extends Error {
  constructor(readonly pid: number) {
    super(`the embedded store is in use by a running Liftoff, pid ${pid}`);
    this.name = 'StoreInUseError';
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function lockPathFor(dataDir: string) {
  return `${path.resolve(dataDir)}.lock`;
}

/** Returns the pid holding the store, or null when it is free (a stale lock counts as free). */
export function storeHolder(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPathFor(dataDir), 'utf8'), 10);
    return Number.isFinite(pid) && pid !== process.pid && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

export function acquireStoreLock(dataDir: string): () => void {
  const file = lockPathFor(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const holder = storeHolder(dataDir);
  if (holder !== null) throw new StoreInUseError(holder);
  fs.writeFileSync(file, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}
