/**
 * The JSON the CLI (`liftoff parse FILE --json`) and the API print, plus its zod schema for
 * validating it at the API boundary.
 */
import { z } from 'zod';
import type { Checklist } from './model';

export interface ParseJson {
  title: string;
  sections: { id: string; title: string; level: number; parentId: string | null; reference: boolean }[];
  items: {
    id: string;
    text: string;
    checked: boolean;
    section: string | null;
    code: { lang?: string; value: string; inline: boolean }[];
    check?: string;
    suggestedChecks: { check: string; source: string; rule: string; confidence: number }[];
  }[];
  fields: { key: string; label: string; unit?: string }[];
  signoff: { roles: string[] };
  /** A staged rollout's stages; empty for other checklists. */
  stages: {
    id: string;
    sectionId: string;
    title: string;
    gate: string[];
    triggers: { id: string; text: string; check?: string; for?: string }[];
    recurring: { itemId: string; every: string }[];
  }[];
  /** `verifiable`: items with a bound or a suggested check. */
  counts: {
    items: number;
    checked: number;
    sections: number;
    codeBlocks: number;
    fields: number;
    verifiable: number;
  };
}

export function toParseJson(c: Checklist): ParseJson {
  return {
    title: c.title,
    sections: c.sections.map((s) => ({
      id: s.id,
      title: s.title,
      level: s.level,
      parentId: s.parentId,
      reference: s.reference,
    })),
    items: c.items.map((i) => ({
      id: i.id,
      text: i.text,
      checked: i.checked,
      section: i.sectionId,
      code: i.code.map((b) =>
        b.lang ? { lang: b.lang, value: b.value, inline: b.inline } : { value: b.value, inline: b.inline },
      ),
      ...(i.check ? { check: i.check } : {}),
      suggestedChecks: i.suggestedChecks.map((s) => ({
        check: s.check,
        source: s.source,
        // Versions stored before rules existed carry neither: they came from commands.
        rule: s.rule ?? 'command',
        confidence: s.confidence ?? 1,
      })),
    })),
    fields: c.fields.map((f) =>
      f.unit ? { key: f.key, label: f.label, unit: f.unit } : { key: f.key, label: f.label },
    ),
    signoff: { roles: [...c.signoff.roles] },
    stages: (c.stages ?? []).map((st) => ({
      id: st.id,
      sectionId: st.sectionId,
      title: st.title,
      gate: [...st.gate],
      triggers: st.triggers.map((t) => ({
        id: t.id,
        text: t.text,
        ...(t.check ? { check: t.check } : {}),
        ...(t.for ? { for: t.for } : {}),
      })),
      recurring: st.recurring.map((r) => ({ itemId: r.itemId, every: r.every })),
    })),
    counts: {
      items: c.counts.items,
      checked: c.counts.checked,
      sections: c.counts.sections,
      codeBlocks: c.counts.codeBlocks,
      fields: c.counts.fields,
      verifiable: c.counts.verifiable,
    },
  };
}

const count = z.number().int().nonnegative();

export const parseJsonSchema = z.object({
  title: z.string(),
  sections: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      level: z.number().int().min(1),
      parentId: z.string().nullable(),
      reference: z.boolean(),
    }),
  ),
  items: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      checked: z.boolean(),
      section: z.string().nullable(),
      code: z.array(z.object({ lang: z.string().optional(), value: z.string(), inline: z.boolean() })),
      check: z.string().optional(),
      suggestedChecks: z.array(
        z.object({
          check: z.string(),
          source: z.string(),
          rule: z.string(),
          confidence: z.number().min(0).max(1),
        }),
      ),
    }),
  ),
  fields: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string().optional() })),
  signoff: z.object({ roles: z.array(z.string()) }),
  stages: z.array(
    z.object({
      id: z.string(),
      sectionId: z.string(),
      title: z.string(),
      gate: z.array(z.string()),
      triggers: z.array(
        z.object({
          id: z.string(),
          text: z.string(),
          check: z.string().optional(),
          for: z.string().optional(),
        }),
      ),
      recurring: z.array(z.object({ itemId: z.string(), every: z.string() })),
    }),
  ),
  counts: z.object({
    items: count,
    checked: count,
    sections: count,
    codeBlocks: count,
    fields: count,
    verifiable: count,
  }),
});
