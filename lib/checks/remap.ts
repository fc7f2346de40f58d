/** Renames the target of a suggested check, e.g. after the template page maps `redis` to `cache`. */
import { TARGET_NAME_RE } from './ast';
import { parseCheck } from './parser';

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
  // Only the leading `kind:name` word changes; the rest stays as the author wrote it.
  const start = check.length - check.trimStart().length;
  const head = /^\S+/.exec(check.slice(start))?.[0] ?? '';
  return `${check.slice(0, start)}${kind}:${t.name}${check.slice(start + head.length)}`;
}
