import { describe, expect, it } from 'vitest';
import { LiveBus } from './bus';

describe('live bus delivery to a crowd', () => {
  it('reaches every subscriber of a busy run, each in commit order, without one long burst', async () => {
    const bus = new LiveBus(async () => [], null);
    const seen = Array.from({ length: 300 }, () => [] as number[]);
    // Each subscriber costs 0.1 ms (a stream write on a busy machine): 300 of them outlast one slice.
    const burn = () => {
      const until = performance.now() + 0.1;
      while (performance.now() < until);
    };
    const stops = seen.map((list) =>
      bus.subscribe(
        'run',
        (e) => {
          burn();
          list.push(e.id!);
        },
        0,
      ),
    );
    await bus.publish({ id: 1, runId: 'run', type: 'item.state', data: null });
    // The first subscribers have it at once, the last ones only on a later turn.
    expect(seen[0]).toEqual([1]);
    expect(seen[299]).toEqual([]);
    await bus.publish({ id: 2, runId: 'run', type: 'item.state', data: null });
    // The remaining slices go out turn by turn.
    for (let i = 0; i < 1_000 && seen.some((l) => l.length < 2); i++)
      await new Promise((r) => setImmediate(r));
    for (const list of seen) expect(list).toEqual([1, 2]);
    for (const stop of stops) stop();
    bus.close();
  });
});
