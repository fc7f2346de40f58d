import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/config/env';
import { decideAccess, profileOf } from './claims';
import { oidcSettings } from './settings';

const settings = (extra: Record<string, string> = {}) =>
  oidcSettings(
    parseEnv({
      LIFTOFF_PUBLIC_URL: 'https://liftoff.example.com',
      LIFTOFF_OIDC_ISSUER: 'https://idp.example.com',
      LIFTOFF_OIDC_CLIENT_ID: 'liftoff',
      LIFTOFF_OIDC_ROLE_MAP: 'sre=devops,qa=qa,platform=engineer,sre=engineer',
      ...extra,
    }),
  )!;
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: 'https://idp.example.com',
  sub: '248289761001',
  email: 'Jane@Example.com',
  email_verified: true,
  name: 'Jane Doe',
  groups: ['sre', 'marketing'],
  ...extra,
});

describe('claims to a profile', () => {
  it('reads the subject, a lower-cased email and the groups', () => {
    expect(profileOf(claims(), 'groups')).toEqual({
      issuer: 'https://idp.example.com',
      subject: '248289761001',
      email: 'jane@example.com',
      emailVerified: true,
      name: 'Jane Doe',
      groups: ['sre', 'marketing'],
    });
  });

  it('reads a nested roles claim (Keycloak realm roles) and a single string', () => {
    expect(profileOf(claims({ realm_access: { roles: ['qa'] } }), 'realm_access.roles').groups).toEqual([
      'qa',
    ]);
    expect(profileOf(claims({ roles: 'platform' }), 'roles').groups).toEqual(['platform']);
    expect(profileOf(claims({ groups: 7 }), 'groups').groups).toEqual([]);
  });

  it('names a person from given and family names, then the username, then the email', () => {
    expect(profileOf(claims({ name: undefined, given_name: 'Jo', family_name: 'Ro' }), 'groups').name).toBe(
      'Jo Ro',
    );
    expect(profileOf(claims({ name: ' ', preferred_username: 'jro' }), 'groups').name).toBe('jro');
    expect(profileOf(claims({ name: undefined }), 'groups').name).toBe('jane@example.com');
  });

  it('takes email_verified sent as a string, and nothing else, as verified', () => {
    expect(profileOf(claims({ email_verified: 'true' }), 'groups').emailVerified).toBe(true);
    expect(profileOf(claims({ email_verified: 'yes' }), 'groups').emailVerified).toBe(false);
    expect(profileOf(claims({ email_verified: undefined }), 'groups').emailVerified).toBe(false);
  });
});

describe('access from claims', () => {
  it('maps groups to roles and says which group gave which role', () => {
    const d = decideAccess(profileOf(claims(), 'groups'), settings());
    expect(d).toEqual({
      ok: true,
      email: 'jane@example.com',
      roles: ['devops', 'engineer'],
      grants: [
        { group: 'sre', role: 'devops' },
        { group: 'sre', role: 'engineer' },
      ],
    });
  });

  it('gives the default role without a mapped group, or no access when it is none', () => {
    const p = profileOf(claims({ groups: ['marketing'] }), 'groups');
    expect(decideAccess(p, settings())).toMatchObject({
      ok: true,
      roles: ['viewer'],
      grants: [{ group: null, role: 'viewer' }],
    });
    expect(decideAccess(p, settings({ LIFTOFF_OIDC_DEFAULT_ROLE: 'none' }))).toMatchObject({
      ok: false,
      reason: 'no_access',
    });
  });

  it('checks allowed domains on a verified email only', () => {
    const s = settings({ LIFTOFF_OIDC_ALLOWED_DOMAINS: 'example.com' });
    expect(decideAccess(profileOf(claims(), 'groups'), s).ok).toBe(true);
    expect(decideAccess(profileOf(claims({ email: 'jane@sub.example.com' }), 'groups'), s)).toMatchObject({
      ok: false,
      reason: 'no_access',
    });
    expect(decideAccess(profileOf(claims({ email_verified: false }), 'groups'), s)).toMatchObject({
      ok: false,
      reason: 'email_unverified',
    });
  });

  it('needs an email', () => {
    expect(decideAccess(profileOf(claims({ email: undefined }), 'groups'), settings())).toMatchObject({
      ok: false,
      reason: 'email_missing',
    });
  });
});
