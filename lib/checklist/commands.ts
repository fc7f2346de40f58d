/**
 * Does an indented plain-text line under an item read as a shell command (`make dist`,
 * `git tag v1.2.3`, `$ npm publish`) rather than the item's wrapped text? Plain text has no
 * code fences, so the reader decides line by line: a prompt, shell syntax, or a known tool
 * followed by something that is not an English sentence.
 */

const TOOLS = new Set(
  (
    'ansible apt apt-get aws az bash brew bundle cargo cat cd chmod chown cp createdb curl dig ' +
    'docker docker-compose dotnet dropdb echo export gcloud gh git go gradle grep helm heroku ' +
    'journalctl kill kubectl ln ls make mkdir mv mvn mysql nc node npm npx nslookup openssl ' +
    'pg_dump pg_restore php pip pip3 pnpm podman psql python python3 rake redis-cli rm rsync ' +
    'ruby scp sed service sh ssh sudo systemctl tail tar terraform touch wget yarn'
  ).split(' '),
);

/** Words that follow a verb in a sentence ("make sure", "kill the job"), not in a command. */
const PROSE_NEXT = new Set(
  'a an the that this these those it its sure certain all any every each to and or of for with in on is are be'.split(
    ' ',
  ),
);

const PROMPT = /^\$[ \t]+(?=\S)/;
const SHELL_SYNTAX =
  /(?:^|\s)--?[A-Za-z][\w-]*(?:=\S*)?(?=\s|$)|\s(?:\||&&|\|\||>>?|2>&1)\s|^(?:\.{1,2}\/|~\/)\S/;

/** The command on the line (prompt removed), or null when the line reads as text. */
export function commandLine(line: string): string | null {
  const t = line.trim();
  if (PROMPT.test(t)) return t.replace(PROMPT, '');
  if (/[.!?:;,]$/.test(t) || t.length > 300) return null;
  const words = t.split(/\s+/);
  const [first = '', second = ''] = words;
  const tool = first === 'sudo' ? second : first;
  if (words.length > 1 && TOOLS.has(tool) && !PROSE_NEXT.has(second.toLowerCase())) return t;
  // Shell syntax after a first word that is a path or a tool-like name (`./release.sh --dry-run`).
  return SHELL_SYNTAX.test(t) && /^[a-z0-9_.~-]*[/._-][\w./~-]*$/.test(first) ? t : null;
}
