import fs from 'node:fs';
import path from 'node:path';
import { toParseJson } from '@/lib/checklist/json';
import { renderOutline } from '@/lib/checklist/outline';
import { parseChecklist } from '@/lib/checklist/parse';
import { parseUpload } from '@/lib/templates/parse-upload';
import { importTemplate } from '@/lib/templates/store';
import { options, UsageError } from './args';
import { withStore } from './store';

/** File arguments are relative to where the user ran the command (the bin changes folder). */
const resolveFile = (file: string) => path.resolve(process.env.LIFTOFF_CWD ?? process.cwd(), file);

export function readFile(file: string): { bytes?: Uint8Array; error?: { code: string; message: string } } {
  try {
    return { bytes: fs.readFileSync(resolveFile(file)) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read_error';
    const message =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot read: ${code}`;
    return { error: { code: code === 'ENOENT' ? 'not_found' : 'unreadable', message } };
  }
}

/** `liftoff parse FILE... [--json]`: one object for one file, an array for several. */
export async function parse(argv: string[]): Promise<number> {
  const { values, positionals } = options(argv, { json: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('parse needs at least one FILE');
  const outputs = positionals.map((file) => {
    const { bytes, error } = readFile(file);
    if (!bytes) return { file, error: error! };
    const result = parseChecklist(bytes, { filename: path.basename(file) });
    if (!result.ok && !result.checklist) return { file, error: result.error };
    return { file, checklist: result.ok ? result.checklist : result.checklist! };
  });
  if (values.json) {
    const json = outputs.map((o) =>
      'checklist' in o && o.checklist ? toParseJson(o.checklist) : { file: o.file, error: o.error },
    );
    process.stdout.write(`${JSON.stringify(positionals.length === 1 ? json[0] : json, null, 2)}\n`);
  } else {
    for (const o of outputs) {
      if (positionals.length > 1) process.stdout.write(`== ${o.file}\n`);
      process.stdout.write(
        'checklist' in o && o.checklist ? renderOutline(o.checklist) : `error: ${o.error?.message}\n`,
      );
    }
  }
  // Exit 1 when any file could not be read or parsed; the others are still printed.
  return outputs.some((o) => 'error' in o && o.error) ? 1 : 0;
}

/** `liftoff import FILE [--name N]`: stores a template (a new version when the name exists). */
async function importCommand(argv: string[]): Promise<void> {
  const { values, positionals } = options(argv, { name: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('import needs exactly one FILE');
  const file = positionals[0]!;
  const { bytes, error } = readFile(file);
  if (!bytes) throw new UsageError(`${file}: ${error!.message}`);
  const { source, model } = parseUpload(bytes, path.basename(file));
  const { template, created } = await withStore((deps) =>
    importTemplate(deps.db, { name: values.name ?? model.title, source, model, actorId: null }),
  );
  const c = template.changes;
  console.log(
    created
      ? `imported "${template.name}" as version ${template.version} (${model.counts.items} items${c ? `; ${c.added.length} added, ${c.removed.length} removed, ${c.changed.length} changed` : ''})`
      : `"${template.name}" version ${template.version} already has exactly this text; nothing stored`,
  );
  console.log(template.id);
}

export { importCommand as import };
