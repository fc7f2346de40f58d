#!/usr/bin/env node
// Layering rules the compiler cannot see (see ARCHITECTURE.md):
//   lib/ never imports components/ or app/;
//   no lib/<domain> imports lib/api (the HTTP layer sits on top of the domains, not beside them);
//   components/ never import server-only domain code through lib/db.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const rules = [
  { from: /^lib\//, to: /^(components|app)\//, why: 'lib/ must not import components/ or app/' },
  {
    from: /^lib\/(?!api\/)/,
    to: /^lib\/api(\/|$)/,
    why: 'domain code must not import the HTTP layer (lib/api)',
  },
  { from: /^components\//, to: /^(lib\/db|app)(\/|$)/, why: 'components/ must not import lib/db or app/' },
];

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sources(full);
    else if (/\.(ts|tsx|mts)$/.test(name)) yield full;
  }
}

const specifier =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
for (const top of ['lib', 'components']) {
  for (const file of sources(path.join(root, top))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(specifier)) {
      const spec = m[1] ?? m[2];
      let target;
      if (spec.startsWith('@/')) target = spec.slice(2);
      else if (spec.startsWith('.'))
        target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
      else continue;
      for (const rule of rules) {
        if (rule.from.test(rel) && rule.to.test(target))
          problems.push(`${rel}: imports ${spec}: ${rule.why}`);
      }
    }
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
