import { describe, expect, it } from 'vitest';
import { loginPath, safeNext, sameSitePath } from './next-path';

describe('post-login destinations', () => {
  it.each(['/', '/runs?status=in_progress', '/runs/abc#item-3', '/templates/x?version=2'])(
    'keeps the same-site path %s',
    (path) => {
      expect(safeNext(path)).toBe(path);
    },
  );

  it.each([
    ['//attacker.invalid', 'protocol-relative'],
    ['/\t/attacker.invalid', 'a tab browsers drop, leaving //'],
    ['/%09/attacker.invalid'.replace('%09', '\t'), 'the decoded %09'],
    ['/\\evil.example', 'a backslash browsers read as /'],
    ['/\\/evil.example', 'backslash then slash'],
    ['\n', 'a bare newline'],
    ['/x\r\nSet-Cookie: a=b', 'a header injection'],
    ['https://attacker.invalid/', 'an absolute URL'],
    ['javascript:alert(1)', 'a script URL'],
    ['', 'nothing'],
  ])('refuses %j (%s)', (path) => {
    expect(sameSitePath(path)).toBeNull();
    expect(safeNext(path)).toBe('/');
  });

  it('builds the login path with only a safe next', () => {
    expect(loginPath('/runs?x=1')).toBe('/login?next=%2Fruns%3Fx%3D1');
    expect(loginPath('/\t/evil')).toBe('/login');
    expect(loginPath(null)).toBe('/login');
  });
});
