/** Canonical text of a check: single spaces, `[VALUE]` omitted, quotes only where needed. */
import { kindSpec, probeSpec } from '@/lib/probes/registry';
import type { Check, Condition, PathSegment, Probe, Subject } from './ast';
import { quoteString } from './tokenizer';
import { formatText, formatValue } from './values';

const PATH_KEY_RE = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((seg) =>
      typeof seg === 'number' ? `[${seg}]` : PATH_KEY_RE.test(seg) ? `.${seg}` : `[${quoteString(seg)}]`,
    )
    .join('');
}

export function formatSubject(subject: Subject): string {
  switch (subject.type) {
    case 'value':
      return '[VALUE]';
    case 'status':
      return '[STATUS]';
    case 'latency':
      return '[LATENCY]';
    case 'cert-expiry':
      return '[CERT_EXPIRY]';
    case 'body':
      return `[BODY]${formatPath(subject.path)}`;
    case 'header':
      return `[HEADER:${subject.name}]`;
  }
}

export function formatCondition(condition: Condition): string {
  // `[VALUE]` is the default, so the canonical form leaves it out.
  const subject = condition.subject.type === 'value' ? '' : `${formatSubject(condition.subject)} `;
  switch (condition.op) {
    case 'contains':
      return `${subject}contains ${formatText(condition.text)}`;
    case 'installed':
    case 'exists':
      return `${subject}${condition.op}`;
    default:
      return `${subject}${condition.op} ${formatValue(condition.value)}`;
  }
}

/** The probe's word (none for the kind's bare probe) and its arguments, as its kind writes them. */
export function formatProbe(probe: Probe): string {
  const parts: string[] = probe.op === kindSpec(probe.kind).bare ? [] : [probe.op];
  const fields = probe as unknown as Record<string, unknown>;
  for (const [name, type] of Object.entries(probeSpec(probe)?.args ?? {})) {
    // An optional argument at its default is left out.
    const text = type.format(fields[name]);
    if (text) parts.push(text);
  }
  return parts.join(' ');
}

export function formatCheck(check: Check): string {
  const head = `${check.target.kind}:${check.target.name} ${formatProbe(check.probe)}`;
  if (check.conditions.length === 0) return head;
  const hold = check.for ? ` for ${check.for.amount}${check.for.unit}` : '';
  return `${head} ${check.conditions.map(formatCondition).join(' && ')}${hold}`;
}
