/**
 * What a signature binds to. The snapshot is the run's content a signer reviewed: template
 * version, every item's state and every field's value. It is serialised as canonical JSON
 * (object keys sorted by UTF-16 code unit, no whitespace, undefined dropped), so the same run
 * always hashes the same on every instance and after a round trip through the database.
 */
import { sha256 } from '@/lib/auth/crypto';
import type { FieldValue, ItemState } from './types';

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const parts = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort(byCodeUnit)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Locale-independent ordering, so every server sorts alike. */
export const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface RunSnapshot {
  templateId: string;
  templateVersion: number;
  /** [item id, state], sorted by item id. */
  items: [string, ItemState][];
  /** [field key, value], sorted by key. */
  fields: [string, FieldValue][];
}

export function snapshotOf(input: {
  templateId: string;
  templateVersion: number;
  items: readonly { id: string; state: ItemState }[];
  fields: Readonly<Record<string, FieldValue>>;
}): RunSnapshot {
  return {
    templateId: input.templateId,
    templateVersion: input.templateVersion,
    items: input.items
      .map((i): [string, ItemState] => [i.id, i.state])
      .sort((a, b) => byCodeUnit(a[0], b[0])),
    fields: Object.entries(input.fields).sort((a, b) => byCodeUnit(a[0], b[0])),
  };
}

/** Compared at read time with the stored one: a difference means the sign-off is stale. */
export const snapshotHash = (s: RunSnapshot) => sha256(canonicalJson(s));

/** SHA-256 hex of the canonical snapshot followed by the signer's user id. */
export const signatureOf = (s: RunSnapshot, userId: string) => sha256(canonicalJson(s) + userId);
