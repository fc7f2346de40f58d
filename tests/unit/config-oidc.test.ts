import { describe, expect, it } from 'vitest';
import { oidcSettings } from '@/lib/auth/oidc/settings';
import { ConfigError, parseEnv } from '@/lib/config/env';

const SSO = {
  LIFTOFF_PUBLIC_URL: 'https://liftoff.example.com/',
  LIFTOFF_OIDC_ISSUER: 'https://idp.example.com/realms/ops',
  LIFTOFF_OIDC_CLIENT_ID: 'liftoff',
};

const bad: [Record<string, string>, string][] = [
  [
    { LIFTOFF_PUBLIC_URL: 'liftoff.example.com' },
    'LIFTOFF_PUBLIC_URL: not an http(s) URL (no query or fragment)',
  ],
  [
    { LIFTOFF_PUBLIC_URL: 'https://x.io/?a=1' },
    'LIFTOFF_PUBLIC_URL: not an http(s) URL (no query or fragment)',
  ],
  [
    { ...SSO, LIFTOFF_OIDC_ISSUER: 'http://idp.example.com' },
    'LIFTOFF_OIDC_ISSUER: must be an https:// URL (http:// only for localhost)',
  ],
  [{ ...SSO, LIFTOFF_OIDC_CLIENT_ID: '' }, 'LIFTOFF_OIDC_CLIENT_ID: must be set with LIFTOFF_OIDC_ISSUER'],
  [
    { ...SSO, LIFTOFF_PUBLIC_URL: '' },
    'LIFTOFF_PUBLIC_URL: must be set with LIFTOFF_OIDC_ISSUER (the redirect URI is built from it)',
  ],
  [{ LIFTOFF_OIDC_CLIENT_ID: 'liftoff' }, 'LIFTOFF_OIDC_ISSUER: must be set with LIFTOFF_OIDC_CLIENT_ID'],
  [{ ...SSO, LIFTOFF_OIDC_SCOPES: 'email profile' }, 'LIFTOFF_OIDC_SCOPES: must include openid'],
  [{ ...SSO, LIFTOFF_OIDC_ROLE_MAP: 'sre=devops,qa' }, 'LIFTOFF_OIDC_ROLE_MAP: "qa" is not group=role'],
  [
    { ...SSO, LIFTOFF_OIDC_ROLE_MAP: 'sre=wizard' },
    'LIFTOFF_OIDC_ROLE_MAP: "sre=wizard": unknown role wizard; roles are admin, engineer, viewer, developer, devops, qa, po',
  ],
  [
    { ...SSO, LIFTOFF_OIDC_DEFAULT_ROLE: 'guest' },
    'LIFTOFF_OIDC_DEFAULT_ROLE: must be none or one of admin, engineer, viewer, developer, devops, qa, po',
  ],
  [
    { ...SSO, LIFTOFF_OIDC_ALLOWED_DOMAINS: 'example.com, not a domain' },
    'LIFTOFF_OIDC_ALLOWED_DOMAINS: must be domain names, comma-separated',
  ],
  [
    { LIFTOFF_PASSWORD_LOGIN: 'off' },
    'LIFTOFF_PASSWORD_LOGIN: off needs LIFTOFF_OIDC_ISSUER, or nobody could log in',
  ],
  [{ ...SSO, LIFTOFF_PASSWORD_LOGIN: 'maybe' }, 'LIFTOFF_PASSWORD_LOGIN: must be on or off'],
];

describe('single sign-on configuration', () => {
  it.each(bad)('%o is refused with one line naming the variable', (vars, line) => {
    let error: unknown;
    try {
      parseEnv(vars);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(line);
  });

  it('is off unless configured, and password login is on by default', () => {
    const env = parseEnv({});
    expect(oidcSettings(env)).toBeNull();
    expect(env.LIFTOFF_PASSWORD_LOGIN).toBe(true);
  });

  it('builds the redirect URI from LIFTOFF_PUBLIC_URL and applies the documented defaults', () => {
    const s = oidcSettings(parseEnv(SSO))!;
    expect(s).toMatchObject({
      issuer: 'https://idp.example.com/realms/ops',
      redirectUri: 'https://liftoff.example.com/api/v1/auth/oidc/callback',
      postLogoutRedirectUri: 'https://liftoff.example.com/login',
      name: 'single sign-on',
      scopes: ['openid', 'email', 'profile'],
      rolesClaim: 'groups',
      roleMap: [],
      defaultRole: 'viewer',
      allowedDomains: [],
      passwordLogin: true,
    });
    expect(s.clientSecret).toBeUndefined();
  });

  it('reads the role map, domains and switches as an operator writes them', () => {
    const s = oidcSettings(
      parseEnv({
        ...SSO,
        LIFTOFF_OIDC_ROLE_MAP: ' sre=devops, qa=QA ,release-managers=po,sre=engineer ',
        LIFTOFF_OIDC_ALLOWED_DOMAINS: '@Example.com corp.example.io',
        LIFTOFF_OIDC_DEFAULT_ROLE: 'none',
        LIFTOFF_OIDC_ISSUER: 'http://127.0.0.1:8080',
        LIFTOFF_PASSWORD_LOGIN: 'off',
      }),
    )!;
    expect(s.roleMap).toEqual([
      { group: 'sre', role: 'devops' },
      { group: 'qa', role: 'qa' },
      { group: 'release-managers', role: 'po' },
      { group: 'sre', role: 'engineer' },
    ]);
    expect(s.allowedDomains).toEqual(['example.com', 'corp.example.io']);
    expect(s.defaultRole).toBe('none');
    expect(s.passwordLogin).toBe(false);
  });
});
