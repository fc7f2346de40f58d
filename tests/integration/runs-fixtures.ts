/** Shared setup for the runs tests: a template imported through the real parser, and people. */
import type { Principal } from '@/lib/auth/principal';
import type { Role } from '@/lib/auth/roles';
import { createUser } from '@/lib/auth/users';
import { parseChecklist } from '@/lib/checklist/parse';
import type { Db } from '@/lib/db/client';
import { importTemplate } from '@/lib/templates/store';

export const RELEASE_MD = `# Release checklist

## Pre-deployment

- [ ] Back up the database
- [ ] Tag the release
  - [ ] Push the tag to the remote
- [ ] Redis persistence enabled <!-- check: redis:cache config appendonly == yes -->

## Deployment

- [ ] Deploy the first instance
- [ ] Verify health

**Deployed by**: ______

**Version**: ______

## Rollback Plan

- [ ] Revert the deployment

## Sign-off

| Role | Name | Date | Signature |
| --- | --- | --- | --- |
| Developer | | | |
| DevOps | | | |
| QA | | | |
| Product Owner | | | |
| Security Lead | | | |
`;

/** Items outside the rollback plan, the ones that count as progress. */
export const PROGRESS_ITEMS = 6;

export function parsed(md: string) {
  const result = parseChecklist(md);
  if (!result.ok) throw new Error(`fixture does not parse: ${result.error.message}`);
  return result.checklist;
}

export async function releaseTemplate(db: Db, name = 'Release', md = RELEASE_MD) {
  const { template } = await importTemplate(db, { name, source: md, model: parsed(md), actorId: null });
  return template;
}

export type People = Record<
  'admin' | 'eng' | 'viewer' | 'dev' | 'devops' | 'qa' | 'po' | 'qaPo' | 'ci',
  Principal
>;

let seq = 0;
async function person(db: Db, name: string, roles: Role[]): Promise<Principal> {
  const email = `${name.toLowerCase()}-${++seq}-${Date.now()}@example.io`;
  const u = await createUser(db, { email, name, password: 'correct horse battery', roles });
  return { kind: 'session', userId: u.id, email: u.email, name: u.name, roles: u.roles };
}

export async function people(db: Db): Promise<People> {
  const [admin, eng, viewer, dev, devops, qa, po, qaPo] = await Promise.all([
    person(db, 'Root', ['admin']),
    person(db, 'Ada', ['engineer']),
    person(db, 'Vic', ['viewer']),
    person(db, 'Dev', ['developer']),
    person(db, 'Ops', ['devops']),
    person(db, 'Quinn', ['qa']),
    person(db, 'Paula', ['po']),
    person(db, 'Both', ['qa', 'po']),
  ]);
  // An API key acts as its owner (an engineer here) but is not a person.
  const ci: Principal = { ...eng!, kind: 'apikey', apiKeyId: 'key-ci-1', name: eng!.name };
  return {
    admin: admin!,
    eng: eng!,
    viewer: viewer!,
    dev: dev!,
    devops: devops!,
    qa: qa!,
    po: po!,
    qaPo: qaPo!,
    ci,
  };
}

export const as = (principal: Principal, idempotencyKey?: string) => ({ principal, idempotencyKey });

/** Catches a rejection so a test can look at its code, message and details. */
export interface Failure {
  code: string;
  message: string;
  details?: { current?: Record<string, unknown> } & Record<string, unknown>;
}

export async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    return e as Failure;
  }
  throw new Error('expected the call to fail');
}
