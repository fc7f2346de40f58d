import type { Role } from './roles';

/** Who is making a request: a logged-in user or an API key acting as its owner. */
export interface Principal {
  kind: 'session' | 'apikey';
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  sessionId?: string;
  apiKeyId?: string;
}

export interface AuthDeps {
  db: import('@/lib/db/client').Db;
  redis: import('ioredis').Redis | null;
}
