import type { Role } from './roles';

/**
 * Who is making a request: a logged-in user, an API key acting as its owner, or Liftoff
 * itself (`system`: work its scheduler does, such as continuous checks; never a request).
 */
export interface Principal {
  kind: 'session' | 'apikey' | 'system';
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  sessionId?: string;
  apiKeyId?: string;
}

/** What a request's work reaches: the store and, when configured, Redis (null without it). */
export interface RequestDeps {
  db: import('@/lib/db/client').Db;
  redis: import('ioredis').Redis | null;
}
