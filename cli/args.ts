import { parseArgs } from 'node:util';

/** Thrown for a bad command line: the CLI prints the usage line and exits 2. */
export class UsageError extends Error {}

export const USAGE = `usage: liftoff <command>
  migrate [--app-role ROLE]
  user add --email E --name N --role R[,R...] [--password P] [--break-glass]
  user roles --email E --role R[,R...]
  apikey create --email E [--name N]
  apikey revoke --id ID
  parse FILE... [--json]
  suggest FILE [--environment E] [--json]
  import FILE [--name N]`;

export function options<const T extends Record<string, { type: 'string' | 'boolean'; required?: boolean }>>(
  argv: string[],
  spec: T,
): {
  values: { [K in keyof T]: T[K]['type'] extends 'boolean' ? boolean | undefined : string | undefined };
  positionals: string[];
} {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, { type: v.type }])),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  for (const [k, v] of Object.entries(spec)) {
    if (v.required && (parsed.values[k] === undefined || parsed.values[k] === ''))
      throw new UsageError(`--${k} is required`);
  }
  return parsed as never;
}
