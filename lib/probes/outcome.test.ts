import { describe, expect, it } from 'vitest';
import { describeError, ProbeFailure, runProbe, scrub, withDeadline } from './outcome';

const never = () => new Promise<never>(() => {});

describe('runProbe', () => {
  it('wraps a value with latency and time', async () => {
    const r = await runProbe({ timeoutMs: 1_000, secrets: [] }, async () => ({
      value: 'PONG',
      latencyMs: 0.1234567,
    }));
    expect(r).toMatchObject({ ok: true, value: 'PONG', latencyMs: 0.123 });
    expect(Date.parse(r.at)).not.toBeNaN();
  });

  it('turns a timeout into a result, not a hang or a throw', async () => {
    const started = performance.now();
    const r = await runProbe({ timeoutMs: 50, secrets: [] }, never);
    expect(r).toMatchObject({ ok: false, value: null, error: 'timed out after 50 ms' });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('tells the body to stop when the deadline passes', async () => {
    let aborted = false;
    await runProbe({ timeoutMs: 20, secrets: [] }, (signal) => {
      signal.addEventListener('abort', () => {
        aborted = true;
      });
      return never();
    });
    expect(aborted).toBe(true);
  });

  it('honours a caller abort', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const r = await runProbe({ timeoutMs: 5_000, signal: controller.signal, secrets: [] }, never);
    expect(r).toMatchObject({ ok: false, error: 'cancelled' });
  });

  it('turns throws into errors without secrets', async () => {
    const r = await runProbe({ timeoutMs: 1_000, secrets: ['hunter2'] }, async () => {
      throw new Error('connect to redis://:hunter2@cache:6379 failed, password=hunter2');
    });
    expect(r.ok).toBe(false);
    expect(r.error).not.toContain('hunter2');
    const reported = await runProbe({ timeoutMs: 1_000, secrets: ['hunter2'] }, async () => ({
      ok: false,
      value: null,
      error: 'auth hunter2 refused',
    }));
    expect(reported.error).toBe('auth *** refused');
  });
});

describe('withDeadline', () => {
  it('resolves with the work when it is in time', async () => {
    await expect(withDeadline(1_000, undefined, async () => 42)).resolves.toBe(42);
  });
});

describe('describeError', () => {
  it('follows fetch-style causes to the socket error', () => {
    const err = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
    expect(describeError(err)).toBe('connection refused (connect ECONNREFUSED 127.0.0.1:9)');
    expect(describeError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toBe('host not found (x)');
    expect(
      describeError(
        Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      ),
    ).toBe('TLS error: self-signed certificate');
    expect(describeError(new ProbeFailure('already readable'))).toBe('already readable');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(undefined)).toBe('unknown error');
  });
});

describe('scrub', () => {
  it('replaces secrets, longest first, and URL credentials', () => {
    expect(
      scrub(
        'a secret and a secret2',
        ['secret', 'secret2'].sort((x, y) => y.length - x.length),
      ),
    ).toBe('a *** and a ***');
    expect(scrub('postgres://app:pw@db/x down')).toBe('postgres://***@db/x down');
  });
});
