/** Real time, no acceleration: the worker keeps Telegram's 30 messages per second flowing (at least 90% of the ceiling). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src';
import { describeEachDatabase } from '../helpers/databases';
import { createTestApp, type TestApp } from '../helpers/app';
import { FakeTransport } from './fake-transport';
import { BOT_ENV, queue, seedMembers, waitDone } from './helpers';

const N = 150;

describeEachDatabase('broadcast throughput', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, BOT_ENV);
  });
  afterAll(async () => t?.close());

  it(`GIVEN ${N} Telegram members WHEN an update is sent in real time THEN it takes at most the ceiling N/30 s divided by 0.9, with no limit crossed`, async () => {
    await seedMembers(t.app, 'telegram', N);
    // Telegram answers in about 50 ms from nearby; the worker keeps several sends in flight.
    const telegram = new FakeTransport('telegram', systemClock, 50);
    const worker = t.app.broadcasts.startWorker([telegram], { pollMs: 100 });
    try {
      const { id } = await queue(t.app, { audience: 'members' });
      // From the moment the broadcast is queued (committed) to the last message out.
      const started = Date.now();
      const final = await waitDone(t.app, id);
      const seconds = (telegram.received.at(-1)!.at - started) / 1000;
      const ceiling = N / 30;
      console.log(`[${provider}] ${N} Telegram targets in ${seconds.toFixed(2)} s; ceiling ${ceiling.toFixed(2)} s; ${((100 * ceiling) / seconds).toFixed(1)}% of the ceiling`);
      expect(final.sent).toBe(N);
      expect(telegram.breaches).toEqual([]);
      // Faster than the ceiling would mean a limit was crossed.
      expect(seconds).toBeGreaterThanOrEqual(ceiling * 0.97);
      expect(ceiling / seconds).toBeGreaterThanOrEqual(0.9);
    } finally {
      await worker.stop();
    }
  });
});
