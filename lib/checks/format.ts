/** Canonical text of a check: single spaces, `[VALUE]` omitted, quotes only where needed. */
import type { Check, Condition, PathSegment, Probe, Subject } from './ast';
import { formatPromExpr } from './prom';
import { isSafeBareWord, quoteString } from './tokenizer';
import { formatText, formatValue } from './values';

const PATH_KEY_RE = /^[A-Za-z_$][\w$-]*$/;
const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

const arg = (value: string) => (isSafeBareWord(value) ? value : quoteString(value));

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

export function formatProbe(probe: Probe): string {
  switch (probe.kind) {
    case 'redis':
      switch (probe.op) {
        case 'info':
          return `info ${probe.field}`;
        case 'config':
          return `config ${probe.param}`;
        case 'scan-count':
          return `scan-count ${quoteString(probe.pattern)}`;
        case 'hlen':
        case 'scard':
        case 'llen':
        case 'exists':
          return `${probe.op} ${arg(probe.key)}`;
        default:
          return probe.op;
      }
    case 'postgres':
      switch (probe.op) {
        case 'extension':
          return `extension ${probe.extension}`;
        case 'table':
          return `table ${TABLE_RE.test(probe.table) ? probe.table : quoteString(probe.table)}`;
        case 'query':
          return `query ${quoteString(probe.sql)}`;
        default:
          return probe.op;
      }
    case 'http':
      return `${probe.method} ${probe.path}`;
    case 'prometheus':
      return formatPromExpr(probe.expr);
  }
}

export function formatCheck(check: Check): string {
  const head = `${check.target.kind}:${check.target.name} ${formatProbe(check.probe)}`;
  if (check.conditions.length === 0) return head;
  const hold = check.for ? ` for ${check.for.amount}${check.for.unit}` : '';
  return `${head} ${check.conditions.map(formatCondition).join(' && ')}${hold}`;
}
