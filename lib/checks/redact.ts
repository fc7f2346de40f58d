/** Keeps secrets written in commands out of what the app shows and logs next to a suggestion. */

const SECRET_HINT_RE =
  /-a\s|--pass|--token|-u\s|--user|:\/\/|pass|token|secret|api_key|authorization|api-key|auth-token|cookie/i;

/** Masks passwords (`-a`, `--pass`, URL userinfo, `*PASSWORD=`), tokens and auth headers. */
export function redactSecrets(command: string): string {
  if (!SECRET_HINT_RE.test(command)) return command;
  return command
    .replace(/(\s(?:-a|--pass|--password|--token)(?:\s+|=))("[^"]*"|'[^']*'|\S+)/g, '$1***')
    .replace(/(\s(?:-u|--user)\s+["']?[^:\s"']+:)([^\s"']+)/g, '$1***')
    .replace(/(:\/\/[^:/\s@]*:)([^@\s/]+)@/g, '$1***@')
    .replace(
      /\b([A-Z0-9_]*(?:PASSWORD|PASSWD|PASS|TOKEN|SECRET|API_KEY)[A-Z0-9_]*=)("[^"]*"|'[^']*'|\S+)/g,
      '$1***',
    )
    .replace(/((?:authorization|x-api-key|x-auth-token|cookie|api-key)\s*:\s*)([^"'\n]+)/gi, '$1***');
}
