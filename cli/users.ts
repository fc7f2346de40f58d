import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { createApiKey, revokeApiKey } from '@/lib/auth/apikeys';
import { parseRoleList } from '@/lib/auth/roles';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { createUser, requireUserByEmail, updateUser } from '@/lib/auth/users';
import { options, UsageError } from './args';
import { withStore } from './store';

function roles(text: string | undefined) {
  const parsed = parseRoleList(text ?? '');
  if ('error' in parsed) throw new UsageError(`--role: ${parsed.error}`);
  return parsed;
}

async function askPassword(): Promise<string | null> {
  if (!process.stdin.isTTY) return null;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question('Password (empty to generate one): ');
  rl.close();
  return answer || null;
}

export async function userAdd(argv: string[]) {
  const { values } = options(argv, {
    email: { type: 'string', required: true },
    name: { type: 'string', required: true },
    role: { type: 'string', required: true },
    password: { type: 'string' },
    'break-glass': { type: 'boolean' },
  });
  const roleList = roles(values.role);
  const breakGlass = values['break-glass'] === true;
  // The one way in while password login is off: an admin, made on the server itself.
  if (breakGlass && !roleList.includes('admin'))
    throw new UsageError('--break-glass is for admins: include admin in --role');
  let password = values.password ?? (await askPassword());
  const generated = !password;
  password ??= randomBytes(15).toString('base64url');
  const user = await withStore((deps) =>
    createUser(deps.db, {
      email: values.email!,
      name: values.name!,
      password: password!,
      roles: roleList,
      breakGlass,
    }),
  );
  console.log(`created ${user.email} (${user.roles.join(', ')})${breakGlass ? ', break-glass' : ''}`);
  if (generated) console.log(`password (shown once): ${password}`);
}

export async function userRoles(argv: string[]) {
  const { values } = options(argv, {
    email: { type: 'string', required: true },
    role: { type: 'string', required: true },
  });
  const roleList = roles(values.role);
  const user = await withStore(async (deps) => {
    const found = await requireUserByEmail(deps.db, values.email!);
    const updated = await updateUser(deps.db, found.id, { roles: roleList });
    await revokeUserSessions(deps, found.id, { delete: false });
    return updated;
  });
  console.log(`${user.email} now has roles: ${user.roles.join(', ')}`);
}

export async function apikeyCreate(argv: string[]) {
  const { values } = options(argv, { email: { type: 'string', required: true }, name: { type: 'string' } });
  const { id, key, email } = await withStore(async (deps) => {
    const user = await requireUserByEmail(deps.db, values.email!);
    return { ...(await createApiKey(deps.db, user.id, values.name ?? 'CLI key')), email: user.email };
  });
  console.log(`created API key ${id} for ${email}; it is shown once:`);
  console.log(key);
}

export async function apikeyRevoke(argv: string[]) {
  const { values } = options(argv, { id: { type: 'string', required: true } });
  await withStore((deps) => revokeApiKey(deps.db, values.id!, deps.redis));
  console.log(`revoked API key ${values.id}`);
}
