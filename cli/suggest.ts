import path from 'node:path';
import { parseChecklist } from '@/lib/checklist/parse';
import { resolveSuggestedTarget, type TargetResolution } from '@/lib/checks/resolve-target';
import { environmentNames, loadTargetsConfig } from '@/lib/config/targets';
import { options, UsageError } from './args';
import { readFile } from './checklists';

interface SuggestionOut {
  check: string;
  rule: string;
  confidence: number;
  /** The words or command it came from. */
  source: string;
  /** With --environment: the check against that environment's targets. */
  resolved?: TargetResolution;
}

interface ItemOut {
  id: string;
  line: number;
  text: string;
  section: string[];
  check?: string;
  suggestions: SuggestionOut[];
}

const short = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function resolutionNote(r: TargetResolution | undefined, environment: string | undefined): string {
  if (!r) return '';
  if ('choices' in r) return `  pick one in ${environment}: ${r.choices.join(', ')}`;
  if ('missing' in r) return `  no target of this kind in ${environment}`;
  return '';
}

/** `liftoff suggest FILE [--environment E] [--json]`: what each item would be bound to, and why. */
export async function suggest(argv: string[]): Promise<number> {
  const { values, positionals } = options(argv, {
    environment: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('suggest needs exactly one FILE');
  const file = positionals[0]!;
  const environment = values.environment;
  let targets: string[] | undefined;
  if (environment !== undefined) {
    const config = loadTargetsConfig();
    const env = config.environments[environment];
    if (!env || !Object.hasOwn(config.environments, environment))
      throw new UsageError(
        `unknown environment ${environment} (known: ${environmentNames(config).join(', ')})`,
      );
    targets = Object.keys(env.targets);
  }
  const { bytes, error } = readFile(file);
  if (!bytes) throw new UsageError(`${file}: ${error!.message}`);
  const result = parseChecklist(bytes, { filename: path.basename(file) });
  const checklist = result.ok ? result.checklist : result.checklist;
  if (!checklist) throw new UsageError(`${file}: ${result.ok ? '' : result.error.message}`);

  const sections = new Map(checklist.sections.map((s) => [s.id, s]));
  const sectionPath = (id: string | null) => {
    const out: string[] = [];
    for (let s = id ? sections.get(id) : undefined; s; s = s.parentId ? sections.get(s.parentId) : undefined)
      out.unshift(s.title);
    return out;
  };
  const items: ItemOut[] = checklist.items.map((i) => ({
    id: i.id,
    line: i.line,
    text: i.text,
    section: sectionPath(i.sectionId),
    ...(i.check ? { check: i.check } : {}),
    suggestions: i.suggestedChecks.map((s) => ({
      check: s.check,
      rule: s.rule,
      confidence: s.confidence,
      source: s.source,
      ...(targets ? { resolved: resolveSuggestedTarget(s.check, targets) } : {}),
    })),
  }));
  const verifiable = items.filter((i) => i.check || i.suggestions.length > 0).length;
  const byRule: Record<string, number> = {};
  for (const i of items) for (const s of i.suggestions) byRule[s.rule] = (byRule[s.rule] ?? 0) + 1;

  if (values.json) {
    const out = {
      file,
      ...(environment ? { environment } : {}),
      items: items.filter((i) => i.check || i.suggestions.length > 0),
      counts: { items: items.length, verifiable, byRule },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  for (const i of items) {
    if (!i.check && i.suggestions.length === 0) continue;
    process.stdout.write(`${i.line}: ${short(i.text)}\n`);
    if (i.check) process.stdout.write(`  bound    ${i.check}\n`);
    for (const s of i.suggestions) {
      const check = s.resolved?.check ?? s.check;
      process.stdout.write(
        `  suggest  ${check}  [${s.rule} ${s.confidence.toFixed(2)}] from "${short(s.source, 60)}"${resolutionNote(s.resolved, environment)}\n`,
      );
    }
  }
  const rules = Object.entries(byRule)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  process.stdout.write(
    `${verifiable} of ${items.length} items can verify themselves${rules ? ` (suggestions: ${rules})` : ''}\n`,
  );
  return 0;
}
