import { describe, expect, it } from 'vitest';
import { parseShell } from './shell';
import { unwrapCommand } from './wrappers';

function unwrap(src: string) {
  const argv = parseShell(src)[0]?.stages[0]?.argv ?? [];
  const un = unwrapCommand(argv);
  return { argv: un.argv.map((w) => w.value).join(' '), container: un.container, script: un.script };
}

describe('unwrapCommand', () => {
  it.each([
    ['docker exec sticky-cache redis-cli ping', 'redis-cli ping', 'sticky-cache'],
    ['docker exec -it -u redis -e A=1 cache-1 redis-cli ping', 'redis-cli ping', 'cache-1'],
    ['docker-compose exec redis redis-cli INFO', 'redis-cli INFO', 'redis'],
    ['docker-compose -f stack.yml -p demo exec -T db psql -c "SELECT 1"', 'psql -c SELECT 1', 'db'],
    [
      'docker compose --env-file .env exec --user app api curl -sf http://localhost/health',
      'curl -sf http://localhost/health',
      'api',
    ],
    ['kubectl exec -it -n prod redis-0 -c redis -- redis-cli ping', 'redis-cli ping', 'redis-0'],
    [
      'kubectl -n prod exec deploy/api -- curl http://localhost:8000/health',
      'curl http://localhost:8000/health',
      'api',
    ],
    ['sudo -u postgres psql -c "SELECT 1"', 'psql -c SELECT 1', undefined],
    ['PGPASSWORD=secret env TZ=UTC time psql -h db', 'psql -h db', undefined],
    ['timeout 5 redis-cli ping', 'redis-cli ping', undefined],
  ])('%s', (src, argv, container) => {
    expect(unwrap(src)).toMatchObject({ argv, container });
  });

  it('returns nested scripts for sh -c and watch', () => {
    expect(unwrap(`docker exec pg sh -c 'psql -U app -c "SELECT 1"'`)).toEqual({
      argv: '',
      container: 'pg',
      script: 'psql -U app -c "SELECT 1"',
    });
    expect(unwrap(`watch -n 10 'curl -s http://localhost/health | jq'`).script).toBe(
      'curl -s http://localhost/health | jq',
    );
  });

  it('leaves docker commands that are not exec alone', () => {
    expect(unwrap('docker-compose up -d redis')).toMatchObject({ argv: 'docker-compose up -d redis' });
    expect(unwrap('docker stop api-1')).toMatchObject({ argv: 'docker stop api-1' });
  });
});
