import { describe, expect, it } from 'vitest';
import { findRole, mappedRole, signerRoleFor, signoffRolesOf } from './signoff-roles';

describe('sign-off role mapping', () => {
  it.each([
    ['Developer', 'developer'],
    ['dev', 'developer'],
    ['Lead Developer', 'developer'],
    ['DevOps', 'devops'],
    ['Dev Ops Engineer', 'devops'],
    ['SRE', 'devops'],
    ['QA', 'qa'],
    ['Quality Assurance', 'qa'],
    ['Tester', 'qa'],
    ['qa engineer', 'qa'],
    ['Product Owner', 'po'],
    ['PO', 'po'],
    ['product manager', 'po'],
  ])('%s → %s', (label, role) => {
    expect(mappedRole(label)).toBe(role);
  });

  it('lets an engineer sign a role that maps to no user role', () => {
    expect(mappedRole('Security Lead')).toBeNull();
    expect(signerRoleFor('Security Lead')).toBe('engineer');
  });

  it('de-duplicates roles and falls back to the defaults', () => {
    expect(signoffRolesOf([' QA ', 'qa', 'Developer'])).toEqual(['QA', 'Developer']);
    expect(signoffRolesOf([])).toEqual(['Developer', 'DevOps', 'QA', 'Product Owner']);
    expect(findRole(['Product Owner'], 'product  owner')).toBe('Product Owner');
  });
});
