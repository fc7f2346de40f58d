import { describe, expect, it } from 'vitest';
import { parseAllowedCheck } from './policy';
import { suggestChecks } from './suggest';
import type { SuggestInput } from './suggest-contract';

const block = (value: string, lang = 'bash') => ({ lang, value, inline: false });
function item(text: string, ...blocks: SuggestInput['code']): SuggestInput {
  const spans = [...text.matchAll(/`([^`]+)`/g)].map((m) => ({ value: m[1] as string, inline: true }));
  return { text, code: [...spans, ...blocks] };
}
const checks = (input: SuggestInput) => suggestChecks(input).map((s) => s.check);

describe('port checks suggested from netcat, lsof and the item text', () => {
  it('nc -z host port → connect on the host, one per port', () => {
    expect(checks(item('Redis reachable: `nc -z redis.internal 6379`'))).toEqual(['tcp:redis connect']);
    expect(checks(item('DB port', block('nc -zv -w 3 db 5432')))).toEqual(['tcp:db connect']);
    expect(checks(item('Both', block('nc -zvw2 api.example.com 80 443')))).toEqual([
      'tcp:api-80 connect',
      'tcp:api-443 connect',
    ]);
    expect(checks(item('Local', block('nc -z localhost 8000')))).toEqual(['tcp:port-8000 connect']);
    expect(checks(item('From the app', block('docker exec api nc -z 127.0.0.1 6379')))).toEqual([
      'tcp:api connect',
    ]);
  });

  it('a port the text says must be closed → free', () => {
    expect(checks(item('Old port', block('nc -z localhost 6380  # should be closed')))).toEqual([
      'tcp:port-6380 free',
    ]);
    expect(
      checks(item('Ports', block('lsof -i :3000  # Should be free\nlsof -i TCP:6379  # Should be free'))),
    ).toEqual(['tcp:port-3000 free', 'tcp:port-6379 free']);
  });

  it('the item text: "Port 6379 available" is free, "port 8000 open" answers', () => {
    expect(checks(item('Port 6379 available for Redis'))).toEqual(['tcp:port-6379 free']);
    expect(checks(item('Make sure port 8000 is open on the load balancer'))).toEqual([
      'tcp:port-8000 connect',
    ]);
    expect(suggestChecks(item('Port 9090 available for Prometheus (optional)'))[0]?.source).toBe(
      'Port 9090 available',
    );
  });

  it('takes nothing from UDP, listening, ranges, variables or lsof without "free"', () => {
    for (const command of [
      'nc -zu dns 53',
      'nc -l 8000',
      'nc -z db 20-30',
      'nc -z "$HOST" 6379',
      'nc db 6379',
      'nc -z db 70000',
      'lsof -i :8080',
    ]) {
      expect(checks(item('x', block(command))), command).toEqual([]);
    }
  });

  it('every suggestion is a valid check', () => {
    for (const c of checks(item('Port 6379 available', block('nc -z db 5432\nlsof -i :3000 # free')))) {
      expect(parseAllowedCheck(c).ok, c).toBe(true);
    }
  });
});
