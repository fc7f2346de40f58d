/**
 * Suggested checks: commands in an item's text and attached code (rule `command`), and the
 * item's plain words read by the rule tables in ./rules (liveness, thresholds, ports, config,
 * expected responses) → check strings in the SPEC syntax, each with its rule and a confidence.
 * Commands are only read, never executed; anything that writes yields nothing.
 */

import { replaceHtmlComments } from '@/lib/core/html-comments';
import type { Check } from './ast';
import { basename, type Candidate, onlyReads } from './commands';
import {
  comparisonsIn,
  type Expectations,
  fromComment,
  fromOutputBlock,
  fromProse,
  fromTextAfter,
  mergeExpectations,
} from './expectations';
import { formatCheck } from './format';
import { inlineSpans, stripPrompts } from './markdown';
import { parseAllowedCheck } from './policy';
import { redactSecrets } from './redact';
import { isExpectedResponse, wordSuggestions } from './rules';
import { parseShell, type ShellCommand } from './shell';
import { splitSqlStatements } from './sql';
import { SUGGESTION_THRESHOLD, type SuggestedCheck, type SuggestInput } from './suggest-contract';
import { curlChecks } from './suggest-http';
import { pgIsReadyChecks, psqlChecks, sqlProbe } from './suggest-postgres';
import { redisChecks } from './suggest-redis';
import { lsofChecks, ncChecks } from './suggest-tcp';
import { renameTarget, targetRefOf } from './target-ref';
import { unwrapCommand } from './wrappers';

export { redactSecrets } from './redact';
export { remapTarget } from './remap';
export { SUGGESTION_THRESHOLD, type SuggestedCheck, type SuggestInput } from './suggest-contract';

const SHELL_LANGS = new Set([
  '',
  'bash',
  'sh',
  'shell',
  'zsh',
  'console',
  'shell-session',
  'shellsession',
  'terminal',
  'text',
  'txt',
  'plaintext',
]);
const SQL_LANGS = new Set(['sql', 'psql', 'pgsql', 'postgres', 'postgresql', 'plpgsql']);
const OUTPUT_LANGS = new Set(['', 'json', 'text', 'txt', 'plaintext', 'output', 'console']);
const SQL_START_RE = /^\s*(select|with|show|explain|table|values)\b/i;
const COMMAND_WORD_RE =
  /^\s*(\$\s+)?(sudo|redis-cli|curl|psql|pg_isready|nc|ncat|netcat|lsof|docker|docker-compose|kubectl|[\w./-]+\.sh)\b/m;
const PROSE_COMMAND_RE =
  /(?:^|[\s:(])((?:sudo\s+)?(?:docker(?:-compose)?\s+(?:compose\s+)?(?:-f\s+\S+\s+)?exec|kubectl\s+exec|redis-cli|psql|pg_isready|curl|nc|ncat|netcat)\s[^\n]*)/i;

/** Words without which no recogniser can fire. */
const RELEVANT_RE =
  /redis-cli|psql|pg_isready|curl|\b(nc|ncat|netcat|lsof)\b|\bport\s+\d|\b(select|with|show|explain|table|values)\b/i;
const MAX_DEPTH = 2;
const MAX_SNIPPET = 20_000;

function recognise(c: Candidate): Check[] {
  if (!onlyReads(c)) return [];
  switch (basename(c.argv[0]?.value ?? '')) {
    case 'redis-cli':
      return redisChecks(c);
    case 'psql':
      return psqlChecks(c);
    case 'pg_isready':
      return pgIsReadyChecks(c);
    case 'curl':
      return curlChecks(c);
    case 'nc':
    case 'ncat':
    case 'netcat':
      return ncChecks(c);
    case 'lsof':
      return lsofChecks(c);
    default:
      return [];
  }
}

/** A command with its wrappers peeled; `sh -c '...'` and `watch '...'` are read recursively. */
function candidatesOf(cmd: ShellCommand, expect: Expectations, depth: number): Candidate[] {
  const [first, ...filters] = cmd.stages;
  if (!first) return [];
  const un = unwrapCommand(first.argv);
  if (un.script !== undefined) {
    if (depth >= MAX_DEPTH) return [];
    return parseShell(un.script).flatMap((inner) =>
      candidatesOf(
        { ...inner, stages: [...inner.stages, ...filters], heredoc: inner.heredoc || cmd.heredoc },
        expect,
        depth + 1,
      ).map((c) => ({ ...c, container: c.container ?? un.container })),
    );
  }
  return [
    {
      argv: un.argv,
      container: un.container,
      filters,
      redirects: first.redirects,
      heredoc: cmd.heredoc,
      expect,
    },
  ];
}

function looksLikeOutput(entry: SuggestInput['code'][number]): boolean {
  const lang = (entry.lang ?? '').toLowerCase();
  if (entry.inline || !OUTPUT_LANGS.has(lang)) return false;
  return lang === 'json' || !COMMAND_WORD_RE.test(entry.value);
}

class Collector {
  readonly found = new Map<string, string>();

  add(check: Check, source: string): void {
    const text = formatCheck(check);
    // Whatever a recogniser builds must be a valid check; anything else is dropped.
    if (!this.found.has(text) && parseAllowedCheck(text).ok) this.found.set(text, redactSecrets(source));
  }

  sql(sql: string, expect: Expectations): void {
    const found = sqlProbe(sql, expect);
    if (found) this.add({ target: { kind: 'postgres', name: 'main' }, ...found }, sql.trim());
  }

  /** Every command of a snippet; `after` is what follows the snippet (an output block). */
  shell(snippet: string, base: Partial<Expectations>, after: Partial<Expectations> = {}): void {
    const commands = parseShell(stripPrompts(snippet.slice(0, MAX_SNIPPET)));
    commands.forEach((cmd, index) => {
      const fromComments = cmd.comments.map(fromComment).find((e) => Object.keys(e).length > 0) ?? {};
      const context = [...cmd.leadingComments, ...cmd.comments].join(' ');
      const expect = mergeExpectations(fromComments, index === commands.length - 1 ? after : {}, base, {
        context,
        comparisons: comparisonsIn(context),
      });
      for (const candidate of candidatesOf(cmd, expect, 0)) {
        for (const check of recognise(candidate)) this.add(check, cmd.source);
      }
    });
  }
}

function commandChecks(input: SuggestInput): { check: string; source: string }[] {
  const text = replaceHtmlComments(typeof input.text === 'string' ? input.text : '', ' ');
  const code = Array.isArray(input.code) ? input.code : [];
  // Most items hold no command at all: skip them cheaply.
  if (!RELEVANT_RE.test(text) && !code.some((c) => typeof c?.value === 'string' && RELEVANT_RE.test(c.value)))
    return [];
  const prose = { context: text, comparisons: comparisonsIn(text) };
  const out = new Collector();

  // Inline code in the item's text: what follows a span may say what it returns.
  const spans = inlineSpans(text);
  spans.forEach((span, k) => {
    const next = spans[k + 1];
    const between = text.slice(span.end, next ? next.start : text.length);
    const expect = mergeExpectations(fromTextAfter(between, next?.value), prose);
    if (SQL_START_RE.test(span.value)) out.sql(span.value, expect);
    else out.shell(span.value, expect);
  });

  const fromSpans = out.found.size;

  // Commands written without backticks ("Spot-check: redis-cli keys ... | wc -l > 1000").
  let bare = text;
  for (const span of spans)
    bare = bare.slice(0, span.start) + ' '.repeat(span.end - span.start) + bare.slice(span.end);
  for (const line of RELEVANT_RE.test(bare) ? bare.split('\n') : []) {
    const m = PROSE_COMMAND_RE.exec(line);
    if (m) out.shell(m[1] as string, mergeExpectations(prose));
  }

  const spanValues = new Set(spans.map((s) => s.value.trim()));
  // "… should return `yes`" in the text speaks for a block only when it holds the item's one command.
  const blocks = code.filter((c) => c && !c.inline && typeof c.value === 'string');
  const single = fromSpans === 0 && blocks.length === 1 && parseShell(blocks[0]?.value ?? '').length === 1;
  const textLevel = single ? fromProse(text) : {};
  code.forEach((entry, i) => {
    if (typeof entry?.value !== 'string') return;
    const lang = (entry.lang ?? '').toLowerCase().trim();
    if (entry.inline) {
      if (spanValues.has(entry.value.trim())) return;
      if (SQL_START_RE.test(entry.value)) out.sql(entry.value, mergeExpectations(prose));
      else out.shell(entry.value, mergeExpectations(prose));
      return;
    }
    if (SQL_LANGS.has(lang)) {
      for (const statement of splitSqlStatements(entry.value)) out.sql(statement, mergeExpectations(prose));
      return;
    }
    if (!SHELL_LANGS.has(lang)) return;
    const next = code[i + 1];
    const after = next && looksLikeOutput(next) ? fromOutputBlock(next.value) : {};
    out.shell(entry.value, mergeExpectations(textLevel, prose), after);
  });

  return [...out.found].map(([check, source]) => ({ check, source }));
}

/** Confidence of a check read from a command the item quotes: the command says what it reads. */
const COMMAND_CONFIDENCE = 0.9;
const ONGOING_RE = /^\s*(?:\*\*)?(monitor|watch|observe|track|keep an eye on)\b/i;
/** Services that are not the API: a command's check must not land on the API's target. */
const OTHER_SERVICE_RE =
  /\b(prometheus|grafana|frontend|front-end|nginx|load balancer|kibana|jaeger|alertmanager|consul|vault|kafka|elasticsearch|rabbitmq)\b/i;

/** `http:api` is only the fallback name: "Grafana accessible: curl …:3001" names its own target. */
function serviceTarget(check: string, text: string): string {
  const ref = targetRefOf(check);
  if (ref?.kind !== 'http' || ref.name !== 'api') return check;
  // Only the item's own words: a "Prometheus setup" section may still hold the API's /metrics.
  const m = OTHER_SERVICE_RE.exec(text);
  return m ? renameTarget(check, sanitizeService(m[1] as string)) : check;
}

const sanitizeService = (word: string) => {
  const w = word.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return w === 'front-end' ? 'frontend' : w === 'load-balancer' ? 'nginx' : w;
};

function collect(input: SuggestInput): SuggestedCheck[] {
  const text = typeof input.text === 'string' ? input.text : '';
  // "Monitor Redis: `redis-cli INFO`" is an activity over time, not a state a check can prove.
  if (ONGOING_RE.test(text)) return [];
  const words = wordSuggestions(input).filter((h) => h.confidence >= SUGGESTION_THRESHOLD);
  const threshold = words.some((h) => h.rule === 'threshold');
  const out = new Map<string, SuggestedCheck>();
  for (const c of commandChecks(input)) {
    // "Hit rate > 90%: curl /metrics | grep cache_hits": the page listing the metric does not
    // prove its value; the threshold rule's check does.
    if (threshold && / contains /.test(c.check)) continue;
    const check = serviceTarget(c.check, text);
    const rule = isExpectedResponse(check) ? 'expected-response' : 'command';
    if (!out.has(check)) out.set(check, { check, source: c.source, rule, confidence: COMMAND_CONFIDENCE });
  }
  // A command names the system more precisely than words ("redis-cli -h sessions ping"): words
  // add checks only for kinds no command covered.
  const covered = new Set([...out.keys()].map((c) => targetRefOf(c)?.kind));
  for (const h of words) {
    if (out.has(h.check) || covered.has(targetRefOf(h.check)?.kind)) continue;
    // The Collector's rule: whatever is suggested must be a valid, allowed check.
    if (!parseAllowedCheck(h.check).ok) continue;
    out.set(h.check, {
      check: h.check,
      source: redactSecrets(h.source),
      rule: h.rule,
      confidence: h.confidence,
    });
  }
  return [...out.values()];
}

/** Suggested checks for one checklist item, deduplicated, in document order. Never throws. */
export function suggestChecks(input: SuggestInput): SuggestedCheck[] {
  try {
    return collect(input);
  } catch {
    return [];
  }
}
