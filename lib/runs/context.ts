import type { Principal } from '@/lib/auth/principal';
import { hasAnyRole, type Role } from '@/lib/auth/roles';
import { LiftoffError } from '@/lib/core/errors';
import type { ActorRef } from './types';

/** Who writes, plus what the API knows about the request. */
export interface WriteContext {
  principal: Principal;
  /** The `Idempotency-Key` header, when the client sent one. */
  idempotencyKey?: string;
  requestId?: string;
}

const WRITERS: readonly Role[] = ['engineer', 'admin'];

/** Items, fields, status and new runs: engineers and admins; viewers and signers only read. */
export function requireRunWriter(principal: Principal, what: string): void {
  if (!hasAnyRole(principal.roles, WRITERS)) {
    throw new LiftoffError('forbidden', `Only an engineer or an admin can ${what}.`);
  }
}

/** An API key acts as its owner; the audit row still says it was the key. */
export const actorOf = (p: Principal): ActorRef =>
  p.kind === 'system'
    ? { userId: null, name: p.name, kind: 'system' }
    : {
        userId: p.userId,
        name: p.name,
        kind: p.kind === 'apikey' ? 'apikey' : 'user',
        ...(p.kind === 'apikey' && p.apiKeyId ? { apiKeyId: p.apiKeyId } : {}),
      };

/** Liftoff itself, for writes its scheduler makes: recorded as "Liftoff", in nobody's name. */
export const SYSTEM_PRINCIPAL: Principal = Object.freeze<Principal>({
  kind: 'system',
  userId: 'system',
  email: '',
  name: 'Liftoff',
  roles: ['engineer'],
});

export const systemContext = (): WriteContext => ({ principal: SYSTEM_PRINCIPAL });
