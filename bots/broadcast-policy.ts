/** The rate policy a transport paces by: the platform's own, or its windows scaled for a fake API that runs time faster. */
import { scalePolicy, type RatePolicy } from '../src';

/**
 * The margin against a sped-up fake. It absorbs the jitter between the sender and the fake, which is
 * real time and does not shrink with the fake's time: stalls of the sender's event loop (first-use
 * query compilation at start-up, new connections) put requests on the wire together. Bursts worth
 * up to ~60 ms were measured by test/broadcast/e2e-*.test.ts on two busy cores.
 */
const FAKE_MARGIN_MS = 60;

/** At timeScale 1, the platform's policy as it is; otherwise its windows scaled like the fake's, with a real-time margin. */
export function broadcastPolicy(policy: RatePolicy, timeScale = 1): RatePolicy {
  if (timeScale === 1) return policy;
  return { ...scalePolicy(policy, timeScale), marginMs: Math.max(policy.marginMs, FAKE_MARGIN_MS) };
}
