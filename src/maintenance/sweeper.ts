/** Periodic clean-up: expired conversations (their drafts may hold personal data) and old replay markers. */
import type { Database } from '../db/client';
import type { Logger } from '../log';

/** Long enough to cover any platform's redelivery of an update. */
const PROCESSED_UPDATE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Unsent replies are kept for a redelivery after a crash; Telegram redelivers well within this. */
const PENDING_REPLIES_TTL_MS = 60 * 60 * 1000;

export async function sweep(db: Database, now: Date = new Date()): Promise<{ conversations: number; updates: number }> {
  return db.write(async (tx) => {
    const conversations = (await tx.conversationState.deleteMany({ where: { expiresAt: { lte: now } } })).count;
    const updates = (await tx.processedUpdate.deleteMany({ where: { processedAt: { lt: new Date(now.getTime() - PROCESSED_UPDATE_TTL_MS) } } })).count;
    await tx.processedUpdate.updateMany({ where: { repliesEnc: { not: null }, processedAt: { lt: new Date(now.getTime() - PENDING_REPLIES_TTL_MS) } }, data: { repliesEnc: null } });
    return { conversations, updates };
  });
}

export function startSweeper(db: Database, log: Logger, everyMs = 10 * 60 * 1000): () => void {
  const run = (): void => {
    sweep(db).then(
      (r) => (r.conversations + r.updates > 0 ? log.info(r, 'swept expired rows') : undefined),
      (error: unknown) => log.warn({ err: error }, 'sweep failed'),
    );
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
