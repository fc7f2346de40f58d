import { describe, expect, it } from 'vitest';
import { parseCheck } from './parser';
import { redactSecrets, remapTarget, suggestChecks } from './suggest';
import type { SuggestInput } from './suggest-contract';

const block = (value: string, lang = 'bash') => ({ lang, value, inline: false });
const inline = (value: string) => ({ value, inline: true });

/** The item text with its inline spans also listed in `code`, as the importer hands them. */
function item(text: string, ...blocks: SuggestInput['code']): SuggestInput {
  const spans = [...text.matchAll(/`([^`]+)`/g)].map((m) => inline(m[1] as string));
  return { text, code: [...spans, ...blocks] };
}

const checks = (input: SuggestInput) => suggestChecks(input).map((s) => s.check);

describe('suggestChecks: redis', () => {
  it('PING through docker exec names the container', () => {
    expect(
      suggestChecks(
        item('Cache answers', block('docker exec orders-redis redis-cli ping\n# Expected: PONG')),
      ),
    ).toEqual([
      {
        check: 'redis:orders-redis ping',
        source: 'docker exec orders-redis redis-cli ping',
        rule: 'command',
        confidence: 0.9,
      },
    ]);
  });

  it('CONFIG GET with the expected value in the text', () => {
    expect(
      checks(
        item('Eviction limit: `docker compose exec -T cache redis-cli CONFIG GET maxmemory` returns `1gb`'),
      ),
    ).toEqual(['redis:cache config maxmemory == 1gb']);
    expect(
      checks(item('AOF on: `redis-cli -h store.internal CONFIG GET appendonly` should return yes')),
    ).toEqual(['redis:store config appendonly == yes']);
    expect(checks(item('Policy: `redis-cli CONFIG GET maxmemory-policy`'))).toEqual([
      'redis:cache config maxmemory-policy',
    ]);
    expect(checks(item('All of it: `redis-cli CONFIG GET *`'))).toEqual([]);
  });

  it('CONFIG GET with the expected value in an output block', () => {
    const input = item(
      'Memory cap',
      block('redis-cli CONFIG GET maxmemory'),
      block('1) "maxmemory"\n2) "268435456"', ''),
    );
    expect(checks(input)).toEqual(['redis:cache config maxmemory == 268435456']);
  });

  it('INFO: grep picks fields, sections pick a sensible one', () => {
    expect(
      checks(item('Version', block('docker-compose exec cache redis-cli INFO server | grep redis_version'))),
    ).toEqual(['redis:cache info redis_version']);
    expect(checks(item('Version', block('redis-cli INFO server')))).toEqual([
      'redis:cache info redis_version',
    ]);
    expect(
      checks(item('Clients', block('redis-cli info | egrep "connected_clients|blocked_clients"'))),
    ).toEqual(['redis:cache info connected_clients', 'redis:cache info blocked_clients']);
    expect(checks(item('Cache memory stays <256MB: `redis-cli INFO memory`'))).toEqual([
      'redis:cache info used_memory < 256mb',
    ]);
    expect(checks(item('No evictions yet: `redis-cli INFO stats | grep evicted`'))).toEqual([
      'redis:cache info evicted_keys == 0',
    ]);
    expect(
      checks(item('Hit rate above 85%', block('redis-cli INFO stats  # keyspace hits vs misses'))),
    ).toEqual(['redis:cache hitrate > 0.85']);
  });

  it('KEYS becomes SCAN; wc -l > N becomes the condition', () => {
    expect(checks(item('Carts exist: `redis-cli KEYS "cart:*"`'))).toEqual([
      'redis:cache scan-count "cart:*" > 0',
    ]);
    expect(
      checks(item('Spot-check: redis-cli keys "job:v2:*" | wc -l > 500 (migration progressing)')),
    ).toEqual(['redis:cache scan-count "job:v2:*" > 500']);
    expect(checks(item('Old keys gone: `redis-cli --scan --pattern "job:v1:*"` should be empty'))).toEqual([
      'redis:cache scan-count "job:v1:*" == 0',
    ]);
  });

  it('HLEN, SCARD, LLEN, EXISTS, DBSIZE', () => {
    const input = item(
      'Shared state',
      block(
        'redis-cli HLEN "presence:online"\nredis-cli SCARD workers\nredis-cli LLEN queue:mail\nredis-cli EXISTS feature:flags\nredis-cli DBSIZE',
      ),
    );
    expect(checks(input)).toEqual([
      'redis:cache hlen presence:online >= 1',
      'redis:cache scard workers >= 1',
      'redis:cache llen queue:mail >= 1',
      'redis:cache exists feature:flags == 1',
      'redis:cache dbsize > 0',
    ]);
  });

  it('never carries a password and takes the host as the target', () => {
    const [s] = suggestChecks(
      item('Auth works', block('redis-cli -h cache-eu.internal -p 6380 -a "s3cr3t" --no-auth-warning PING')),
    );
    expect(s?.check).toBe('redis:cache-eu ping');
    expect(s?.source).toBe('redis-cli -h cache-eu.internal -p 6380 -a *** --no-auth-warning PING');
    expect(
      JSON.stringify(
        suggestChecks(
          item('x', block('redis-cli -u rediss://default:hunter2@sessions.example.com:6379 ping')),
        ),
      ),
    ).not.toContain('hunter2');
    expect(
      checks(item('x', block('redis-cli -u rediss://default:hunter2@sessions.example.com:6379 ping'))),
    ).toEqual(['redis:sessions ping']);
  });
});

describe('suggestChecks: http', () => {
  it('curl with the expected JSON of the next block', () => {
    const input = item(
      'Verify health',
      block('curl http://localhost:8080/api/v1/health'),
      block('{"status":"ok","dependencies":{"redis":{"status":"ok"}}}', 'json'),
    );
    expect(checks(input)).toEqual([
      'http:api GET /api/v1/health [STATUS] == 200 && [BODY].status == ok && [BODY].dependencies.redis.status == ok',
    ]);
  });

  it('curl in a container, with flags, status and grep', () => {
    expect(checks(item('Node up', block('docker exec web-2 curl -fsS http://localhost:9000/ready')))).toEqual(
      ['http:web-2 GET /ready [STATUS] == 200'],
    );
    expect(checks(item('Metrics: `curl -s http://localhost:8000/metrics | grep request_latency`'))).toEqual([
      'http:api GET /metrics [STATUS] == 200 && [BODY] contains request_latency',
    ]);
    expect(checks(item('Auth rejects: `curl -I https://shop.example.com/admin` returns 401'))).toEqual([
      'http:shop HEAD /admin [STATUS] == 401',
    ]);
    expect(checks(item('Through the variable', block('curl -sf "$API_URL/api/v1/ping?deep=1"')))).toEqual([
      'http:api GET /api/v1/ping?deep=1 [STATUS] == 200',
    ]);
    expect(
      checks(item('Dashboard', block("watch -n 5 'curl -s http://localhost:3000/api/health | jq .'"))),
    ).toEqual(['http:api GET /api/health [STATUS] == 200']);
  });

  it('never suggests requests that write', () => {
    const writes = block(
      [
        'curl -X POST http://localhost:8000/api/v1/jobs -d \'{"a":1}\'',
        'curl --data-binary @dump.json http://localhost:8000/import',
        'curl -XDELETE http://localhost:8000/api/v1/cache',
        'curl -T file.txt https://files.example.com/upload',
      ].join('\n'),
    );
    expect(checks(item('Writes', writes))).toEqual([]);
  });
});

describe('suggestChecks: postgres', () => {
  it('psql -c with read statements only', () => {
    expect(checks(item('DB reachable: `psql -h db.internal -U app -d orders -c "SELECT 1"`'))).toEqual([
      'postgres:db ping',
    ]);
    expect(
      checks(
        item(
          'Rows: `psql "$DATABASE_URL" -tAc "SELECT count(*) FROM orders WHERE created_at > now() - interval \'1 day\'"`',
        ),
      ),
    ).toEqual([
      'postgres:main query "SELECT count(*) FROM orders WHERE created_at > now() - interval \'1 day\'" > 0',
    ]);
    expect(
      checks(
        item(
          'pgvector',
          block(
            'docker exec pg psql -U postgres -c "SELECT extname FROM pg_extension WHERE extname = \'vector\'"',
          ),
        ),
      ),
    ).toEqual(['postgres:pg extension vector installed']);
    expect(checks(item('Server', block('psql -c "select version();"')))).toEqual(['postgres:main version']);
  });

  it('pg_isready and bare SELECTs', () => {
    expect(checks(item('Ready', block('pg_isready -h pg-primary.prod.internal -p 5432')))).toEqual([
      'postgres:pg-primary ping',
    ]);
    expect(checks(item('Sessions persisted: `SELECT COUNT(*) FROM user_sessions;`'))).toEqual([
      'postgres:main query "SELECT COUNT(*) FROM user_sessions" > 0',
    ]);
    expect(
      checks(
        item(
          'Check',
          block('SELECT status FROM migrations ORDER BY id DESC LIMIT 1;\nDELETE FROM tmp;', 'sql'),
        ),
      ),
    ).toEqual(['postgres:main query "SELECT status FROM migrations ORDER BY id DESC LIMIT 1"']);
  });

  it('never suggests writes or scripts', () => {
    const input = item(
      'Maintenance',
      block(
        [
          'psql -c "INSERT INTO audit VALUES (1)"',
          'psql -c "DELETE FROM sessions WHERE expired"',
          'psql -c "DROP TABLE old_jobs"',
          'psql -c "SELECT 1; DROP TABLE x"',
          'psql app < backup.sql',
          'psql -f migrate.sql',
          'psql -c "\\dt"',
        ].join('\n'),
      ),
    );
    expect(checks(input)).toEqual([]);
  });
});

describe('suggestChecks: negatives and robustness', () => {
  it('ignores destructive and unrelated commands', () => {
    const input = item(
      'Cleanup',
      block(
        [
          'rm -rf /var/lib/redis/*',
          'docker-compose up -d redis',
          'docker compose down -v',
          'redis-cli FLUSHALL',
          'redis-cli FLUSHDB',
          'redis-cli CONFIG SET maxmemory 1gb',
          'redis-cli DEL session:1',
          'redis-cli BGSAVE',
          'redis-cli keys "tmp:*" | xargs redis-cli del',
          'redis-cli < dump.txt',
          'redis-cli --pipe < commands.txt',
          'git checkout main',
          'kubectl rollout restart deploy/api',
        ].join('\n'),
      ),
    );
    expect(checks(input)).toEqual([]);
  });

  it('deduplicates per item and keeps document order', () => {
    const input = item(
      'Ping `redis-cli ping` twice',
      block('redis-cli ping\nredis-cli PING'),
      block('redis-cli dbsize'),
    );
    expect(checks(input)).toEqual(['redis:cache ping', 'redis:cache dbsize > 0']);
  });

  it('reads multi-line blocks with continuations, prompts and sh -c', () => {
    const input = item(
      'Checks',
      block(
        '$ curl -s \\\n    http://localhost:8000/health\n{"status":"ok"}\n$ kubectl exec -n prod cache-0 -- sh -c "redis-cli info memory"',
        'console',
      ),
    );
    expect(checks(input)).toEqual(['http:api GET /health [STATUS] == 200', 'redis:cache-0 info used_memory']);
  });

  it('every suggestion is a valid check', () => {
    const input = item('Mixed `redis-cli -h a_b.c PING` and `curl localhost:8080/x%20y`');
    for (const s of suggestChecks(input)) expect(parseCheck(s.check).ok).toBe(true);
    expect(checks(input)).toEqual(['redis:a_b ping', 'http:api GET /x%20y [STATUS] == 200']);
  });

  it('never throws on odd input', () => {
    for (const input of [
      { text: '', code: [] },
      { text: '`', code: [{ value: '"', inline: true }] },
      { text: 'x', code: [block('echo $(((((')] },
      { text: null, code: null } as unknown as SuggestInput,
      { text: 'x', code: [null] } as unknown as SuggestInput,
    ]) {
      expect(() => suggestChecks(input)).not.toThrow();
    }
  });
});

describe('remapTarget', () => {
  it('renames the target by name or by ref, keeping the rest as written', () => {
    expect(remapTarget('redis:redis config maxmemory  ==  512mb', 'redis', 'cache')).toBe(
      'redis:cache config maxmemory  ==  512mb',
    );
    expect(remapTarget('redis:redis ping', 'redis:redis', 'redis:cache')).toBe('redis:cache ping');
    expect(remapTarget('http:localhost GET /', 'localhost', 'api')).toBe('http:api GET /');
  });

  it('leaves other targets, invalid names and invalid checks alone', () => {
    expect(remapTarget('redis:redis ping', 'postgres:redis', 'cache')).toBe('redis:redis ping');
    expect(remapTarget('redis:redis ping', 'redis', 'postgres:main')).toBe('redis:redis ping');
    expect(remapTarget('redis:redis ping', 'redis', 'Bad Name')).toBe('redis:redis ping');
    expect(remapTarget('redis:redis pnig', 'redis', 'cache')).toBe('redis:redis pnig');
  });
});

describe('redactSecrets', () => {
  it('masks passwords, tokens and auth headers', () => {
    expect(redactSecrets('PGPASSWORD=pw psql postgres://app:pw@db/app -c "SELECT 1"')).toBe(
      'PGPASSWORD=*** psql postgres://app:***@db/app -c "SELECT 1"',
    );
    expect(redactSecrets('curl -u admin:pw -H "X-API-Key: abc123" http://h/')).toBe(
      'curl -u admin:*** -H "X-API-Key: ***" http://h/',
    );
  });
});

describe('suggestChecks: expectations from the item text', () => {
  it('apply to a block holding the one command', () => {
    expect(
      checks(item('Persistence on (should return `yes`)', block('redis-cli CONFIG GET appendonly'))),
    ).toEqual(['redis:cache config appendonly == yes']);
  });

  it('do not spread over several commands', () => {
    expect(
      checks(item('Service returns 200', block('redis-cli HLEN jobs\nredis-cli CONFIG GET maxmemory'))),
    ).toEqual(['redis:cache hlen jobs >= 1', 'redis:cache config maxmemory']);
  });
});
