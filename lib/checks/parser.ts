/** `parseCheck`: check line → typed AST, or a positioned error. Never throws. */
import { isTargetKind, kindSpec, probeSpec, TARGET_KINDS } from '@/lib/probes/registry';
import type { CheckKind, CheckSyntaxError, ParseResult, Probe, TargetRef } from './ast';
import { TARGET_NAME_RE } from './ast';
import { parseConditions, parseFor, type SubjectScope } from './conditions';
import { expectedOneOf, Scanner, SyntaxFailure, type Token } from './tokenizer';

/**
 * The grammar of each kind's probes (their words and arguments) comes from the probe registry
 * (lib/probes/kinds): the parser walks it, so a new kind or probe needs no change here. The
 * parser only reads syntax; what a check may do is the server's policy (`./policy`).
 */

const MAX_LENGTH = 4096;

function parseTarget(sc: Scanner): TargetRef {
  if (sc.atEnd()) throw sc.missing('target', 'a check starts with <kind:target>, e.g. redis:cache ping');
  const word = sc.word() as Token;
  const colon = word.text.indexOf(':');
  if (colon === -1) {
    throw new SyntaxFailure(
      `expected <kind:target> but found "${word.text}"`,
      word.start,
      word.text,
      'e.g. redis:cache',
    );
  }
  const kind = word.text.slice(0, colon).toLowerCase();
  const name = word.text.slice(colon + 1);
  if (!isTargetKind(kind)) {
    const token = word.text.slice(0, colon);
    throw new SyntaxFailure(`unknown kind "${token}"`, word.start, token, expectedOneOf(token, TARGET_KINDS));
  }
  if (!TARGET_NAME_RE.test(name)) {
    throw new SyntaxFailure(
      name ? `invalid target name "${name}"` : 'missing target name',
      word.start + colon + 1,
      name,
      'target names are lowercase letters, digits, "-" and "_" from the targets configuration',
    );
  }
  return { kind, name };
}

function probeName(sc: Scanner, kind: CheckKind, names: readonly string[]): string {
  if (sc.atEnd()) throw sc.missing(`probe for ${kind}`, `expected one of ${names.join(', ')}`);
  const word = sc.word() as Token;
  const name = word.text.toLowerCase();
  if (!names.includes(name)) {
    throw new SyntaxFailure(
      `unknown probe "${word.text}" for ${kind}`,
      word.start,
      word.text,
      expectedOneOf(word.text, names),
    );
  }
  return name;
}

/** The probe's word (or the kind's bare probe) and its arguments, as the kind declares them. */
function parseProbe(sc: Scanner, kind: CheckKind): Probe {
  const spec = kindSpec(kind);
  const words = Object.keys(spec.probes).filter((op) => op !== spec.bare);
  let op: string;
  if (spec.bare === undefined) op = probeName(sc, kind, words);
  else {
    const next = sc.atEnd() ? undefined : sc.peekWord()?.text.toLowerCase();
    op = next !== undefined && words.includes(next) ? probeName(sc, kind, words) : spec.bare;
  }
  const args: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(probeSpec({ kind, op })?.args ?? {})) args[name] = type.parse(sc);
  return { kind, op, ...args } as Probe;
}

/** Which placeholders a kind's results carry, and which kinds offer the others. */
function subjectsOf(kind: CheckKind): SubjectScope {
  const offered = (k: CheckKind) => kindSpec(k).subjects ?? [];
  return {
    subjects: offered(kind),
    offeredBy: (type) => TARGET_KINDS.filter((k) => offered(k).includes(type)).join(', '),
  };
}

function toError(e: unknown): CheckSyntaxError {
  if (e instanceof SyntaxFailure) return { message: e.message, position: e.position, token: e.token };
  return { message: 'the check could not be parsed', position: 0, token: '' };
}

/** Parses one check line. `# comments` are ignored. Never throws on any input. */
export function parseCheck(input: string): ParseResult {
  if (typeof input !== 'string')
    return { ok: false, error: { message: 'a check must be a string', position: 0, token: '' } };
  if (input.length > MAX_LENGTH) {
    return {
      ok: false,
      error: { message: `a check is at most ${MAX_LENGTH} characters`, position: MAX_LENGTH, token: '' },
    };
  }
  try {
    const sc = new Scanner(input);
    const target = parseTarget(sc);
    const probe = parseProbe(sc, target.kind);
    const conditions = parseConditions(sc, subjectsOf(target.kind));
    const holdFor = parseFor(sc, conditions);
    return { ok: true, check: { target, probe, conditions, ...(holdFor ? { for: holdFor } : {}) } };
  } catch (e) {
    return { ok: false, error: toError(e) };
  }
}
