/**
 * The `kind:name` a check starts with, read and renamed without the check grammar. The grammar
 * comes from the probe registry, which holds server code; the browser (the template page's
 * Accept button) needs only the target of a suggestion the server already validated.
 */
import { TARGET_NAME_RE } from './ast';

/** The leading `kind:name` of a check, or null when it has none. */
export function targetRefOf(check: string): { kind: string; name: string } | null {
  const m = /^\s*([a-z]+):(\S+)/i.exec(check);
  if (!m || !TARGET_NAME_RE.test(m[2] as string)) return null;
  return { kind: (m[1] as string).toLowerCase(), name: m[2] as string };
}

/** The check with its target renamed to `name`; the rest stays as the author wrote it. */
export function renameTarget(check: string, name: string): string {
  const start = check.length - check.trimStart().length;
  const head = /^\S+/.exec(check.slice(start))?.[0] ?? '';
  const colon = head.indexOf(':');
  if (colon === -1 || !TARGET_NAME_RE.test(name)) return check;
  return `${check.slice(0, start)}${head.slice(0, colon).toLowerCase()}:${name}${check.slice(start + head.length)}`;
}
