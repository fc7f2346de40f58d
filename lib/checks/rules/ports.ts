/**
 * Ports in words: "Port 6379 available" before a deployment means nothing listens there yet
 * (`tcp:port-6379 free`); "port 8000 open / listening" means something answers (`… connect`).
 * "Ports available: 3000, 6379, 8080" is one check per port. After a deployment "available" could
 * mean either: no suggestion.
 */
import { beforeDeployment, hit, NEGATION_RE, type Rule, type RuleHit } from './words';

const FREE = new Set(['available', 'free', 'unused', 'not in use', 'closed', 'unbound']);
const OPEN = new Set(['open', 'listening', 'reachable', 'in use', 'bound', 'accepting connections']);
const STATE =
  '(available|free|unused|not in use|closed|unbound|open|listening|reachable|in use|bound|accepting connections)';
const PORT = '\\d{1,5}';
const LIST = `${PORT}(?:\\s*(?:,|and|&|\\/)\\s*${PORT})*`;
/** "Port 6379 available", "ports 3000, 6379 and 8080 are free". */
const BEFORE_RE = new RegExp(
  `\\bports?\\s*:?\\s*(${LIST})\\s+(?:is\\s+|are\\s+|should be\\s+|must be\\s+)?${STATE}\\b`,
  'g',
);
/** "Ports available: 3000, 6379, 8080", "free ports: 80, 443". */
const AFTER_RE = new RegExp(`\\bports?\\s+${STATE}\\s*:\\s*(${LIST})\\b`, 'g');
const LEADING_RE = new RegExp(`\\b${STATE}\\s+ports?\\s*:?\\s*(${LIST})\\b`, 'g');

const valid = (p: string) => Number(p) >= 1 && Number(p) <= 65535;

export const portRule: Rule = (input) => {
  const text = input.plain;
  if (!/\bports?\b/.test(text)) return [];
  if (
    /^(?:close|open|free up|expose|forward|map|allow|block|disable|enable|configure|set up|reserve|document)\b/.test(
      text,
    )
  )
    return [];
  const found: { ports: string; state: string; source: string }[] = [];
  for (const m of text.matchAll(BEFORE_RE))
    found.push({ ports: m[1] as string, state: m[2] as string, source: m[0] });
  for (const m of text.matchAll(AFTER_RE))
    found.push({ ports: m[2] as string, state: m[1] as string, source: m[0] });
  for (const m of text.matchAll(LEADING_RE))
    found.push({ ports: m[2] as string, state: m[1] as string, source: m[0] });
  const out: RuleHit[] = [];
  for (const f of found) {
    // "not available" flips the meaning in a way a person should read.
    if (NEGATION_RE.test(f.source) && f.state !== 'not in use') continue;
    let op: 'free' | 'connect';
    let confidence = 0.85;
    if (FREE.has(f.state)) {
      op = 'free';
      // "available" is "free" before a deployment; afterwards it may mean "answers".
      if (f.state === 'available' && !beforeDeployment(input)) confidence = input.section.length ? 0.5 : 0.65;
    } else if (OPEN.has(f.state)) op = 'connect';
    else continue;
    const ports = (f.ports.match(/\d{1,5}/g) ?? []).filter(valid);
    for (const p of ports) out.push(hit(`tcp:port-${p} ${op}`, f.source, 'port', confidence));
  }
  return out;
};
