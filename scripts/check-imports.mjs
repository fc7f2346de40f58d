#!/usr/bin/env node
// Layering rules the compiler cannot see (see ARCHITECTURE.md):
//   lib/ never imports components/ or app/;
//   no lib/<domain> imports lib/api (the HTTP layer sits on top of the domains, not beside them);
//   components/ never import server-only domain code through lib/db;
//   lib/core (the error type, validation, the clock) imports nothing of Liftoff's;
//   no two modules of lib/ import each other, directly or round a loop (type-only imports aside):
//   a cycle makes what a module sees at load time depend on who was imported first.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
  {
    from: /^lib\/core\/(?!.*\.test\.ts$)/,
    to: /^(?!lib\/core\/)(lib|components|app)\//,
    why: 'lib/core must not import the rest of Liftoff',
  },
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
/** lib/ module → the lib/ modules it imports at run time. */
const graph = new Map();
const moduleFile = (target) =>
  [`${target}.ts`, `${target}.tsx`, `${target}/index.ts`].find((f) => existsSync(path.join(root, f)));
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
      const typeOnly = /^\s*(?:import|export)\s+type\b/.test(m[0].replace(/^\n/, ''));
      if (top === 'lib' && !typeOnly && !rel.endsWith('.test.ts')) {
        const dep = moduleFile(target);
        if (dep?.startsWith('lib/')) graph.set(rel, [...(graph.get(rel) ?? []), dep]);
      }
      for (const rule of rules) {
        if (rule.from.test(rel) && rule.to.test(target))
          problems.push(`${rel}: imports ${spec}: ${rule.why}`);
      }
    }
  }
}
// Import cycles among lib/ modules (Tarjan's strongly connected components).
{
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const loop = [];
    for (let w = stack.pop(); ; w = stack.pop()) {
      onStack.delete(w);
      loop.push(w);
      if (w === v) break;
    }
    if (loop.length > 1 || graph.get(v)?.includes(v))
      problems.push(`import cycle: ${loop.reverse().join(' → ')} (break it; see ARCHITECTURE.md)`);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
