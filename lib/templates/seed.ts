import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@/lib/db/client';
import { parseUpload } from './parse-upload';
import { countTemplates, importTemplate } from './store';

const FOLDER = path.join(process.cwd(), 'lib/templates/builtin');

/** The built-in templates, seeded once on the first start (an empty library). */
export async function seedBuiltinTemplates(db: Db): Promise<number> {
  if ((await countTemplates(db)) > 0) return 0;
  const files = fs
    .readdirSync(FOLDER)
    .filter((f) => f.endsWith('.md'))
    .sort();
  for (const file of files) {
    const { source, model } = parseUpload(fs.readFileSync(path.join(FOLDER, file), 'utf8'), file);
    await importTemplate(db, { name: model.title, source, model, actorId: null, builtin: true });
  }
  return files.length;
}
