/** The pacer alone, on a simulated clock with late timers and slow preparation: never over a documented limit, and close to the ceiling. */
import { describe, expect, it } from 'vitest';
import { DISCORD_POLICY, TELEGRAM_POLICY, type Clock, type DeliveryTarget } from '../../src';
import { Pacer } from '../../src/broadcast';

/** Time moves only when someone sleeps or works; timers fire up to `late` ms late. */
function simulatedClock(late: number, random: () => number): Clock & { work(ms: number): void } {
  let t = 0;
  return {
    now: () => t,
    sleep: (ms) => {
      t += Math.max(0, ms) + random() * late;
      return new Promise((resolve) => setImmediate(resolve));
    },
    work(ms) {
      t += ms;
    },
  };
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** The largest number of sends in any window of `span` ms (open at the start, as the fakes count). */
function busiest(times: number[], span: number): number {
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[i]! <= times[j]! - span) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('pacer', () => {
  it('GIVEN late timers and slow database writes WHEN 600 Telegram sends go to members and groups THEN no window holds more than Telegram allows', async () => {
    const random = seeded(7);
    const clock = simulatedClock(20, random);
    const pacer = new Pacer(TELEGRAM_POLICY, clock);
    const all: number[] = [];
    const perChat = new Map<string, number[]>();
    // Ten groups get many messages each (several broadcasts), the rest are members.
    const targets: DeliveryTarget[] = Array.from({ length: 600 }, (_, i) =>
      i % 20 === 0 ? { kind: 'channel', platform: 'telegram', chatId: `g${i % 200}` } : { kind: 'member', platform: 'telegram', address: `m${i % 300}` },
    );
    await Promise.all(
      targets.map((target) =>
        pacer.turn(target, async () => {
          clock.work(random() * 15);
          return {
            fire: () => {
              const key = target.kind === 'channel' ? target.chatId : target.address;
              all.push(clock.now());
              perChat.set(key, [...(perChat.get(key) ?? []), clock.now()]);
            },
            undo: async () => undefined,
          };
        }),
      ),
    );
    expect(all).toHaveLength(600);
    expect(busiest(all, 1000)).toBeLessThanOrEqual(30);
    for (const [key, times] of perChat) expect(busiest(times, key.startsWith('g') ? 60_000 : 1000)).toBeLessThanOrEqual(key.startsWith('g') ? 20 : 1);
  });

  it('GIVEN punctual timers WHEN Telegram sends to distinct members THEN the pace is within 5% of 30 per second', async () => {
    const clock = simulatedClock(0, () => 0);
    const pacer = new Pacer(TELEGRAM_POLICY, clock);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      await pacer.turn({ kind: 'member', platform: 'telegram', address: `m${i}` }, async () => ({ fire: () => times.push(clock.now()), undo: async () => undefined }));
    }
    const perSecond = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    expect(perSecond).toBeGreaterThan(28.5);
    expect(perSecond).toBeLessThanOrEqual(30);
  });

  it('GIVEN an idle pacer WHEN a broadcast starts THEN its first sends are a spacing apart, not caught up at once', async () => {
    const clock = simulatedClock(0, () => 0);
    const pacer = new Pacer(TELEGRAM_POLICY, clock);
    const times: number[] = [];
    const send = (i: number) => pacer.turn({ kind: 'member', platform: 'telegram', address: `m${i}` }, async () => ({ fire: () => times.push(clock.now()), undo: async () => undefined }));
    clock.work(60_000);
    for (let i = 0; i < 3; i++) await send(i);
    // Idle again for a minute, as between two broadcasts.
    clock.work(60_000);
    for (let i = 3; i < 6; i++) await send(i);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.filter((_, i) => i !== 2).every((g) => g >= 1000 / 29)).toBe(true);
  });

  it('GIVEN a 429 while a send is being prepared WHEN the turn resumes THEN the prepared send is taken back and waits for the pause', async () => {
    const clock = simulatedClock(0, () => 0);
    const pacer = new Pacer(TELEGRAM_POLICY, clock);
    const fired: number[] = [];
    let undone = 0;
    await pacer.turn({ kind: 'member', platform: 'telegram', address: 'a' }, async () => ({ fire: () => fired.push(clock.now()), undo: async () => undefined }));
    let first = true;
    await pacer.turn({ kind: 'member', platform: 'telegram', address: 'b' }, async () => {
      if (first) {
        first = false;
        pacer.pause(3000);
      }
      return { fire: () => fired.push(clock.now()), undo: async () => void undone++ };
    });
    expect(undone).toBe(1);
    expect(fired[1]! - fired[0]!).toBeGreaterThanOrEqual(3000);
  });

  it('GIVEN Discord DMs that cost two requests WHEN sent with late timers THEN no second holds more than 50 requests', async () => {
    const random = seeded(11);
    const clock = simulatedClock(15, random);
    const pacer = new Pacer(DISCORD_POLICY, clock);
    const requests: number[] = [];
    await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        pacer.turn(i % 2 ? { kind: 'member', platform: 'discord', address: `u${i}` } : { kind: 'channel', platform: 'discord', chatId: `c${i}` }, async () => ({
          fire: () => {
            for (let n = 0; n < (i % 2 ? 2 : 1); n++) requests.push(clock.now());
          },
          undo: async () => undefined,
        })),
      ),
    );
    expect(busiest(requests, 1000)).toBeLessThanOrEqual(50);
  });
});
