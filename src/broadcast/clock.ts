/** Time for the broadcast worker: real by default, faster in tests that check rate limits without waiting minutes. */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Timers are unref'd: the worker's waits never keep a process alive that is otherwise done. */
function timer(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => timer(ms),
};

/** A clock that starts now and runs `factor` times faster than real time (never behind it). */
export function acceleratedClock(factor: number): Clock {
  const startReal = performance.now();
  const startWall = Date.now();
  return {
    now: () => startWall + Math.floor((performance.now() - startReal) * factor),
    sleep: (ms) => timer(ms / factor),
  };
}
