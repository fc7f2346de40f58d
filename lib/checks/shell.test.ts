import { describe, expect, it } from 'vitest';
import { parseShell } from './shell';

const argv = (src: string) => parseShell(src).map((c) => c.stages.map((s) => s.argv.map((w) => w.value)));

describe('parseShell', () => {
  it('splits commands at separators and newlines, stages at pipes', () => {
    expect(argv('cd /srv && make test; echo done\nredis-cli INFO | grep -E "a|b"')).toEqual([
      [['cd', '/srv']],
      [['make', 'test']],
      [['echo', 'done']],
      [
        ['redis-cli', 'INFO'],
        ['grep', '-E', 'a|b'],
      ],
    ]);
  });

  it('handles quotes, escapes and continuations', () => {
    const [cmd] = parseShell(`curl -s \\\n  -H 'X-Key: a b' "http://h/\\"q\\"" it\\'s`);
    expect(cmd?.stages[0]?.argv.map((w) => w.value)).toEqual([
      'curl',
      '-s',
      '-H',
      'X-Key: a b',
      'http://h/"q"',
      "it's",
    ]);
    expect(cmd?.source).toBe(`curl -s \\\n  -H 'X-Key: a b' "http://h/\\"q\\"" it\\'s`);
  });

  it('flags expansions as dynamic and keeps $(...) in one word', () => {
    const [cmd] = parseShell('pg_dump db > backup_$(date +%Y%m%d).sql; echo "$HOME" \'$LITERAL\'');
    expect(cmd?.stages[0]?.redirects).toEqual([{ op: '>', target: 'backup_$(date +%Y%m%d).sql' }]);
    const echo = parseShell('echo "$HOME" \'$LITERAL\'')[0]?.stages[0]?.argv;
    expect(echo?.map((w) => w.dynamic)).toEqual([false, true, false]);
  });

  it('reads redirects with file descriptors', () => {
    const [cmd] = parseShell('redis-cli ping 2>&1 >/dev/null < input.txt');
    expect(cmd?.stages[0]?.argv.map((w) => w.value)).toEqual(['redis-cli', 'ping']);
    expect(cmd?.stages[0]?.redirects).toEqual([
      { op: '>&', target: '1' },
      { op: '>', target: '/dev/null' },
      { op: '<', target: 'input.txt' },
    ]);
  });

  it('attaches trailing and following comments; a blank line ends them', () => {
    const cmds = parseShell(
      '# Check it\nredis-cli ping  # Expected: PONG\n# and more\n\n# unrelated\nredis-cli dbsize',
    );
    expect(cmds[0]?.leadingComments).toEqual(['Check it']);
    expect(cmds[0]?.comments).toEqual(['Expected: PONG', 'and more']);
    expect(cmds[1]?.leadingComments).toEqual(['and more', 'unrelated']);
  });

  it('skips heredoc bodies and marks the command', () => {
    const cmds = parseShell("psql db <<'SQL'\nDELETE FROM t;\nSQL\nredis-cli ping");
    expect(cmds.map((c) => c.stages[0]?.argv[0]?.value)).toEqual(['psql', 'redis-cli']);
    expect(cmds[0]?.heredoc).toBe(true);
  });

  it('survives unbalanced input', () => {
    for (const src of ['echo "open', "echo 'open", 'echo $(open', 'a | | b', '&&', '\\']) {
      expect(() => parseShell(src)).not.toThrow();
    }
  });
});
