/** A readable text outline of a checklist (the CLI's `liftoff parse FILE` without --json). */
import type { Checklist, Item, Section } from './model';

export function renderOutline(c: Checklist): string {
  const out: string[] = [];
  const n = c.counts;
  out.push(c.title);
  out.push('='.repeat(Math.min(80, Math.max(3, c.title.length))));
  out.push(
    `${n.items} items (${n.checked} checked, ${n.progressItems} counted for progress), ${n.sections} sections, ` +
      `${n.codeBlocks} code blocks, ${n.fields} fields`,
  );
  for (const w of c.warnings) out.push(`note: ${w}`);

  const children = new Map<string | null, Item[]>();
  for (const i of c.items) {
    if (i.parentId === null) children.set(i.sectionId, [...(children.get(i.sectionId) ?? []), i]);
  }
  const byId = new Map(c.items.map((i) => [i.id, i]));
  const subsections = new Map<string | null, Section[]>();
  for (const s of c.sections) subsections.set(s.parentId, [...(subsections.get(s.parentId) ?? []), s]);

  const item = (i: Item, depth: number) => {
    const extras = [
      i.check ? `check: ${i.check}` : '',
      i.suggestedChecks.length ? `${i.suggestedChecks.length} suggested` : '',
      i.code.some((b) => !b.inline) ? `${i.code.filter((b) => !b.inline).length} code` : '',
    ].filter(Boolean);
    out.push(
      `${'  '.repeat(depth)}${i.checked ? '[x]' : '[ ]'} ${i.text}${extras.length ? `  (${extras.join(', ')})` : ''}`,
    );
    for (const id of i.children) {
      const child = byId.get(id);
      if (child) item(child, depth + 1);
    }
  };
  const section = (s: Section, depth: number) => {
    const own = c.items.filter((i) => i.sectionId === s.id).length;
    const tags = [
      s.reference ? 'reference' : '',
      s.counted ? 'counted by marker' : '',
      s.code.length ? `${s.code.length} code` : '',
      own ? `${own} item${own === 1 ? '' : 's'}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    out.push('');
    out.push(
      `${'  '.repeat(depth)}${'#'.repeat(Math.min(6, depth + 1))} ${s.title}${tags ? `  (${tags})` : ''}`,
    );
    for (const i of children.get(s.id) ?? []) item(i, depth + 1);
    for (const sub of subsections.get(s.id) ?? []) section(sub, depth + 1);
  };
  for (const i of children.get(null) ?? []) item(i, 1);
  for (const s of subsections.get(null) ?? []) section(s, 0);
  if (c.fields.length) {
    out.push('');
    out.push('Fields:');
    for (const f of c.fields) {
      const detail = f.kind === 'choice' ? (f.options ?? []).join(' / ') : (f.unit ?? '');
      out.push(`  ${f.key}: ${f.group ? `${f.group} — ` : ''}${f.label}${detail ? ` [${detail}]` : ''}`);
    }
  }
  out.push('');
  out.push(`Sign-off: ${c.signoff.roles.join(', ')}${c.signoff.fromTable ? '' : ' (default roles)'}`);
  return `${out.join('\n')}\n`;
}
