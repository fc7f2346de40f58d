import { type ErrorCode, LiftoffError } from '@/lib/core/errors';

/**
 * Every way a single sign-on can fail, each with the sentence the login page shows. The reason
 * travels to the page as a code (`/login?sso=<reason>`), never as text a link could forge.
 */
const FAILURES = {
  unreachable: ['unavailable', (n) => `${n} cannot be reached right now, so single sign-on is unavailable.`],
  flow_missing: [
    'unauthorized',
    () => 'This sign-in has expired or was already used, so Liftoff refused it. Start again.',
  ],
  state_mismatch: [
    'unauthorized',
    () =>
      'The answer from the identity provider does not belong to the sign-in this browser started (state mismatch), so Liftoff refused it. Start again.',
  ],
  provider_error: [
    'unauthorized',
    (n) => `${n} did not complete the sign-in. Start again; if it keeps happening, ask an administrator.`,
  ],
  code_rejected: [
    'unauthorized',
    (n) => `${n} refused the sign-in code (it was already used or has expired). Start again.`,
  ],
  nonce_mismatch: [
    'unauthorized',
    () =>
      'The ID token was not issued for this sign-in (nonce mismatch), so Liftoff refused it. Start again.',
  ],
  token_expired: [
    'unauthorized',
    (n) =>
      `The ID token from ${n} has expired, so Liftoff refused it. Start again; if it keeps happening, check the clocks of Liftoff and the identity provider.`,
  ],
  issuer_mismatch: [
    'unauthorized',
    () => 'The sign-in answer came from an identity provider Liftoff does not trust, so it was refused.',
  ],
  token_invalid: ['unauthorized', (n) => `The ID token from ${n} failed validation, so Liftoff refused it.`],
  email_missing: [
    'forbidden',
    (n) => `${n} did not send your email address, and Liftoff needs one. Ask an administrator.`,
  ],
  email_unverified: [
    'forbidden',
    (n) =>
      `${n} did not confirm that your email address is verified, so Liftoff cannot use it. Ask an administrator.`,
  ],
  link_not_allowed: [
    'forbidden',
    () =>
      'A Liftoff account with your email address already exists. An administrator must allow linking it to single sign-on first.',
  ],
  disabled: ['forbidden', () => 'Your Liftoff account is disabled. Ask an administrator.'],
  no_access: [
    'forbidden',
    () =>
      'Your account has no access to Liftoff. Ask an administrator for a group that gives you a Liftoff role.',
  ],
} satisfies Record<string, readonly [ErrorCode, (providerName: string) => string]>;

export type SsoFailureReason = keyof typeof FAILURES;

export const isSsoFailureReason = (v: unknown): v is SsoFailureReason =>
  typeof v === 'string' && Object.hasOwn(FAILURES, v);

export const ssoFailureMessage = (reason: SsoFailureReason, providerName: string) =>
  FAILURES[reason][1](providerName);

/** A LiftoffError whose `details.sso` names the reason, so callers decide by code. */
export const ssoError = (reason: SsoFailureReason, providerName: string) =>
  new LiftoffError(FAILURES[reason][0], ssoFailureMessage(reason, providerName), { sso: reason });

export function ssoReasonOf(err: unknown): SsoFailureReason | null {
  const reason = err instanceof LiftoffError ? err.details?.sso : undefined;
  return isSsoFailureReason(reason) ? reason : null;
}
