import { LiftoffError } from '@/lib/core/errors';
import { metrics } from '@/lib/metrics/registry';
import { burnPasswordCheck, verifyPassword } from './password';
import type { RequestDeps } from './principal';
import { countInWindow, resetWindow } from './rate-limit';
import { createSession } from './sessions';
import { findUserByEmail, normaliseEmail } from './users';

export const LOGIN_LIMITS = {
  /** Failed attempts per client address: slows credential stuffing, never blocks a busy office. */
  perIp: { maxFailures: 30, windowMs: 5 * 60_000 },
  perAccount: { maxFailures: 5, windowMs: 15 * 60_000 },
};

/** The same words for an unknown email, a wrong password and a disabled account: no enumeration. */
const BAD_CREDENTIALS = 'That email and password do not match an active account.';

const tooMany = (retryAfterMs: number, what: string) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new LiftoffError(
    'rate_limited',
    `Too many login attempts ${what}. Try again in ${seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`,
    undefined,
    { retryAfterSeconds: seconds },
  );
};

/**
 * Checks an email and password. Each attempt is counted before the password is checked (one
 * atomic increment per counter), so parallel guesses cannot all slip past a limit that each
 * read before any of them failed; a successful login takes its attempt back.
 */
export async function login(
  deps: RequestDeps,
  input: {
    email: string;
    password: string;
    ip: string;
    userAgent?: string;
    ttlHours: number;
    /** LIFTOFF_PASSWORD_LOGIN=off: only break-glass admins may use a password. */
    breakGlassOnly?: boolean;
  },
) {
  const email = normaliseEmail(input.email);
  const ipKey = `ip:${input.ip}`;
  const accountKey = `acct:${email}`;
  const { perIp, perAccount } = LOGIN_LIMITS;
  const [ipCount, accountCount] = await Promise.all([
    countInWindow(deps.redis, ipKey, perIp.windowMs, 1),
    countInWindow(deps.redis, accountKey, perAccount.windowMs, 1),
  ]);
  if (ipCount.count > perIp.maxFailures) {
    metrics().loginFailures.inc({ reason: 'rate_limited' });
    throw tooMany(ipCount.retryAfterMs, 'from this address');
  }
  if (accountCount.count > perAccount.maxFailures) {
    metrics().loginFailures.inc({ reason: 'rate_limited' });
    throw tooMany(accountCount.retryAfterMs, 'for this account');
  }

  const user = await findUserByEmail(deps.db, email);
  let ok = false;
  if (user) ok = await verifyPassword(user.passwordHash, input.password);
  else await burnPasswordCheck(input.password);
  // Everyone else gets the same answer as a wrong password: the form reveals nothing.
  if (ok && input.breakGlassOnly && !user?.breakGlass) ok = false;
  if (!user || !ok || user.disabledAt) {
    // One label for every bad login: a metrics reader must not learn which emails exist.
    metrics().loginFailures.inc({ reason: 'bad_credentials' });
    throw new LiftoffError('unauthorized', BAD_CREDENTIALS);
  }
  await Promise.all([
    resetWindow(deps.redis, accountKey),
    countInWindow(deps.redis, ipKey, perIp.windowMs, -1),
  ]);
  const session = await createSession(deps, user.id, input.ttlHours, input.userAgent);
  return { ...session, user: { id: user.id, email: user.email, name: user.name, roles: user.roles } };
}
