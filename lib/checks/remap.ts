/** Renames the target of a suggested check, e.g. after the template page maps `redis` to `cache`. */
import { TARGET_NAME_RE } from './ast';
import { parseCheck } from './parser';
import { renameTarget } from './target-ref';

/**
 * Points a check at another target: `from`/`to` are names (`redis`) or refs (`redis:redis`).
 * The rest of the check is kept as written; a check that does not match or parse, or an
 * invalid `to`, leaves it unchanged.
 */
export function remapTarget(check: string, from: string, to: string): string {
  if (typeof from !== 'string' || typeof to !== 'string') return check;
  const parsed = parseCheck(check);
  if (!parsed.ok) return check;
  const { kind, name } = parsed.check.target;
  const split = (ref: string) => {
    const i = ref.indexOf(':');
    return i === -1 ? { kind: undefined, name: ref } : { kind: ref.slice(0, i), name: ref.slice(i + 1) };
  };
  const f = split(from.trim());
  const t = split(to.trim());
  if (f.name !== name || (f.kind !== undefined && f.kind !== kind)) return check;
  if ((t.kind !== undefined && t.kind !== kind) || !TARGET_NAME_RE.test(t.name)) return check;
  return renameTarget(check, t.name);
}
