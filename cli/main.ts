import { ConfigError, parseEnv } from '@/lib/config/env';
import { LiftoffError } from '@/lib/core/errors';
import { grantAppRole } from '@/lib/db/app-role';
import { isConnectionError } from '@/lib/db/errors';
import { StoreInUseError } from '@/lib/db/store-lock';
import { options, USAGE, UsageError } from './args';
import { withStore } from './store';
import { apikeyCreate, apikeyRevoke, userAdd, userRoles } from './users';

/** A command resolves to its exit code (a number), or anything else for success. */
type Command = (argv: string[]) => Promise<unknown>;

const commands: Record<string, Command> = {
  migrate: async (argv) => {
    const { values, positionals } = options(argv, { 'app-role': { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const role = values['app-role'];
    const kind = await withStore(async (_deps, store) => {
      if (role && store.kind !== 'postgres')
        throw new UsageError('--app-role needs DATABASE_URL (PostgreSQL)');
      if (role) await grantAppRole(store.db, role);
      return store.kind;
    });
    console.log(`migrations applied (${kind === 'pglite' ? 'embedded store' : 'PostgreSQL'})`);
    if (role) console.log(`role ${role} may read and write rows, and only add to the audit trail`);
  },
  'user add': userAdd,
  'user roles': userRoles,
  'apikey create': apikeyCreate,
  'apikey revoke': apikeyRevoke,
};

async function lazyCommand(name: string): Promise<Command | undefined> {
  if (name === 'parse' || name === 'import' || name === 'suggest') {
    // Suggested and bound SQL checks are screened by PostgreSQL's parser (WASM): load it first.
    const [commands] = await Promise.all([
      name === 'suggest' ? import('./suggest') : import('./checklists'),
      import('@/lib/checks/sql').then((m) => m.sqlScreenReady()),
    ]);
    return (commands as Record<string, Command>)[name];
  }
  return commands[name];
}

export async function main(argv: string[]): Promise<number> {
  const [first, second, ...rest] = argv;
  const two = `${first} ${second}`;
  const command = commands[two] ? commands[two] : first ? await lazyCommand(first) : undefined;
  const args = commands[two] ? rest : argv.slice(1);
  try {
    parseEnv(process.env);
    if (!command)
      throw new UsageError(first ? `unknown command ${commands[two] ? two : first}` : 'no command given');
    const code = await command(args);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`liftoff: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    const message =
      err instanceof ConfigError
        ? `bad configuration: ${err.message}`
        : err instanceof StoreInUseError || err instanceof LiftoffError
          ? err.message
          : isConnectionError(err)
            ? 'cannot reach PostgreSQL at DATABASE_URL'
            : `failed: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`liftoff: ${message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
