/** Lets callers await a condition over changing fake state, with a timeout that never keeps the process alive. */

/** A check returns the awaited value once ready, undefined while not, and throws to give up early. */
export type Check<T> = () => T | undefined;

interface Waiter {
  recheck(): void;
  fail(reason: string): void;
}

export class ChangeSignal {
  private readonly waiters = new Set<Waiter>();

  /** Re-runs every pending check; call after any state change a waiter might care about. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter.recheck();
  }

  /** Rejects every pending waiter, e.g. when the fake closes, so no test hangs on a dead fake. */
  rejectAll(reason: string): void {
    for (const waiter of [...this.waiters]) waiter.fail(reason);
  }

  waitFor<T>(check: Check<T>, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        recheck: () => {
          let value: T | undefined;
          try {
            value = check();
          } catch (error) {
            settle();
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (value === undefined) return;
          settle();
          resolve(value);
        },
        fail: (reason) => {
          settle();
          reject(new Error(`${describe()}: ${reason}`));
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      timer.unref();
      this.waiters.add(waiter);
      waiter.recheck();
    });
  }
}
