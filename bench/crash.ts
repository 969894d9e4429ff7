/**
 * The crash test: members sign through the fake Telegram's own webhook delivery while the bot
 * (bots/main.ts in a child process) is SIGKILLed mid-run and restarted. Afterwards every member with a
 * receipt must have exactly one signature, and every signature must belong to a member who pressed Confirm.
 */
import { createHmac } from 'node:crypto';
import { openDatabase } from '../src';
import { startFakeTelegram, type FakeTelegram } from '../test/fakes/telegram';
import { botEnv, newKeys, newWebhook, startRealBot, webhookSet } from './bot';
import { CallIndex, lastMessage, messageOf } from './calls';
import { sleep, type Child } from './child';
import { createBenchDatabase, type BenchDatabase, type Provider } from './databases';
import { isReceipt, nextStep, person, START_TEXT, type Person, type Step } from './member';

export interface CrashOptions {
  db: Provider;
  members: number;
  concurrency: number;
  /** SIGKILL once this many receipts have arrived. */
  killAfterReceipts: number;
  /** How long a member waits for an answer before starting over, as a real member would. */
  replyTimeoutMs: number;
  /** Pause between the kill and the restart. */
  restartDelayMs: number;
}

export interface CrashResult {
  db: Provider;
  members: number;
  concurrency: number;
  killedAt: { msAfterStart: number; receiptsBefore: number; unacknowledgedUpdates: number };
  /** Kill → the restarted bot's setWebhook. */
  restartMs: number;
  redelivery: {
    /** Updates without a 2xx at the kill (in flight or queued); Telegram must deliver them again. */
    pendingAtKill: number;
    /** Of those, acknowledged (2xx) after the restart: they can leave the fake's queue no other way. */
    acknowledgedAfterRestart: number;
    /** Of those, recorded as handled in the database (ProcessedUpdate). */
    handled: number;
    /** The fake's webhook error after the kill, as getWebhookInfo reports it. */
    lastError: string | undefined;
    pendingAtEnd: number;
  };
  outcomes: { receipt: number; toldAlreadySigned: number; gaveUp: number };
  /** Members who got no answer in time and started over (their reply was lost in the crash). */
  membersWhoStartedOver: number;
  membersWhoPressedConfirm: number;
  receipts: number;
  signatures: number;
  /** The two invariants: a receipt means exactly one signature; a signature means its member pressed Confirm. */
  violations: {
    receiptWithoutExactlyOneSignature: number;
    signatureWithoutConfirm: number;
    total: number;
  };
  /** Members who were sent the receipt message twice (not an invariant: a resent reply would be harmless, but none is expected). */
  membersWithTwoReceipts: number;
  /** Warnings and errors the bot logged, before and after the kill, by message. */
  botLogged: Record<string, number>;
  durationMs: number;
}

interface MemberRecord {
  person: Person;
  hash: string;
  confirmed: boolean;
  startedOver: number;
  outcome: 'receipt' | 'already-signed' | 'gave-up' | undefined;
}

/** memberHash as the README documents it, computed independently of src/: HMAC-SHA256(secret, "telegram:<id>"), base64url. */
function memberHash(secretHex: string, userId: number): string {
  return createHmac('sha256', Buffer.from(secretHex, 'hex')).update(`telegram:${userId}`).digest('base64url');
}

export async function runCrashTest(options: CrashOptions): Promise<CrashResult> {
  // Telegram's resend back-off (1 s, 2 s, 4 s…) ten times faster, so the test is not mostly waiting.
  const fake = await startFakeTelegram({ timeScale: 0.1 });
  const db = await createBenchDatabase(options.db);
  const keys = newKeys();
  const webhook = await newWebhook();
  const env = botEnv(fake, db, keys, webhook);
  let child: Child = startRealBot(env);
  const index = new CallIndex(fake.calls);
  const syncer = setInterval(() => index.sync(), 5);
  try {
    await webhookSet(fake, child);
    const members = new Map<number, MemberRecord>();
    const logged = new Map<string, number>();
    const started = Date.now();
    let receiptsSoFar = 0;
    let next = 0;
    const base = 90_000_000;

    // The kill: a watcher fires once enough members have their receipt.
    let killed: CrashResult['killedAt'] | undefined;
    let pendingAtKill: number[] = [];
    let restartMs = NaN;
    const crash = (async () => {
      while (receiptsSoFar < options.killAfterReceipts && next < options.members) await sleep(5);
      await child.killBot();
      for (const [message, count] of child.logged) logged.set(message, (logged.get(message) ?? 0) + count);
      pendingAtKill = fake.pendingUpdates().map((u) => u.update_id);
      killed = { msAfterStart: Date.now() - started, receiptsBefore: receiptsSoFar, unacknowledgedUpdates: pendingAtKill.length };
      const killedAt = Date.now();
      await sleep(options.restartDelayMs);
      child = startRealBot(env);
      await webhookSet(fake, child);
      restartMs = Date.now() - killedAt;
    })();

    const worker = async (): Promise<void> => {
      while (next < options.members) {
        const who = person(next++, base);
        const record: MemberRecord = { person: who, hash: memberHash(keys.IDENTITY_SECRET, who.id), confirmed: false, startedOver: 0, outcome: undefined };
        members.set(who.id, record);
        await signWithRetries(fake, index, record, options.replyTimeoutMs);
        if (record.outcome === 'receipt') receiptsSoFar++;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    await crash;
    const lastError = fake.webhookInfo().last_error_message;
    // Everything Telegram still holds must be delivered before the books are checked.
    for (let waited = 0; fake.pendingUpdates().length > 0 && waited < 30_000; waited += 50) await sleep(50);
    const pendingAtEnd = fake.pendingUpdates().length;
    const stillPending = new Set(fake.pendingUpdates().map((u) => u.update_id));
    await child.stop();
    for (const [message, count] of child.logged) logged.set(message, (logged.get(message) ?? 0) + count);
    index.sync();

    const books = await readBooks(db);
    const receiptsByChat = new Map<number, number>();
    for (const call of fake.calls) {
      const message = messageOf(call);
      if (message && isReceipt(message)) receiptsByChat.set(message.chatId, (receiptsByChat.get(message.chatId) ?? 0) + 1);
    }
    const signaturesByHash = new Map<string, number>();
    for (const s of books.signerHashes) signaturesByHash.set(s, (signaturesByHash.get(s) ?? 0) + 1);
    const confirmedHashes = new Set([...members.values()].filter((m) => m.confirmed).map((m) => m.hash));
    const all = [...members.values()];
    const withReceipt = all.filter((m) => (receiptsByChat.get(m.person.id) ?? 0) > 0);
    const violations = {
      receiptWithoutExactlyOneSignature: withReceipt.filter((m) => signaturesByHash.get(m.hash) !== 1).length,
      signatureWithoutConfirm: books.signerHashes.filter((h) => !confirmedHashes.has(h)).length,
      total: 0,
    };
    violations.total = violations.receiptWithoutExactlyOneSignature + violations.signatureWithoutConfirm;

    return {
      db: options.db,
      members: options.members,
      concurrency: options.concurrency,
      killedAt: killed ?? { msAfterStart: NaN, receiptsBefore: NaN, unacknowledgedUpdates: NaN },
      restartMs,
      redelivery: {
        pendingAtKill: pendingAtKill.length,
        acknowledgedAfterRestart: pendingAtKill.filter((id) => !stillPending.has(id)).length,
        handled: pendingAtKill.filter((id) => books.processedUpdates.has(String(id))).length,
        lastError,
        pendingAtEnd,
      },
      outcomes: {
        receipt: all.filter((m) => m.outcome === 'receipt').length,
        toldAlreadySigned: all.filter((m) => m.outcome === 'already-signed').length,
        gaveUp: all.filter((m) => m.outcome === 'gave-up' || m.outcome === undefined).length,
      },
      membersWhoStartedOver: all.filter((m) => m.startedOver > 0).length,
      membersWhoPressedConfirm: confirmedHashes.size,
      receipts: [...receiptsByChat.values()].reduce((a, b) => a + b, 0),
      signatures: books.signerHashes.length,
      violations,
      membersWithTwoReceipts: all.filter((m) => (receiptsByChat.get(m.person.id) ?? 0) > 1).length,
      botLogged: Object.fromEntries(logged),
      durationMs: Date.now() - started,
    };
  } finally {
    clearInterval(syncer);
    child.killGroup();
    await fake.close();
    await db.drop();
  }
}

/**
 * One member, as a person would behave: act on the bot's latest message; when nothing comes back
 * within the timeout, open the petition link again and start over. Updates go through the fake's
 * queue, so the fake (like Telegram) resends any that got no 2xx.
 */
async function signWithRetries(fake: FakeTelegram, index: CallIndex, record: MemberRecord, timeoutMs: number): Promise<void> {
  const who = record.person;
  const from = { id: who.id, first_name: who.first_name, language_code: who.language_code };
  let step: Step = { kind: 'say', text: START_TEXT };
  for (let turn = 0; turn < 40 && record.startedOver <= 5; turn++) {
    if (step.kind === 'done') {
      record.outcome = step.outcome;
      return;
    }
    if (step.kind === 'stuck') {
      record.startedOver++;
      step = { kind: 'say', text: START_TEXT };
      continue;
    }
    try {
      if (step.kind === 'say') {
        fake.userSends({ from, text: step.text });
      } else {
        if (step.confirms) record.confirmed = true;
        const update = fake.userPresses({ from, message: { chat: { id: who.id }, message_id: step.messageId }, data: step.data });
        if (update?.callback_query) index.expectQuery(update.callback_query.id, who.id);
      }
    } catch {
      // The button is gone (the message was edited meanwhile): start over.
      step = { kind: 'stuck', reason: 'button gone' };
      continue;
    }
    const message = await nextMessage(index, who.id, timeoutMs);
    step = message ? nextStep(message, who) : { kind: 'stuck', reason: 'no answer in time' };
  }
  record.outcome = 'gave-up';
}

/** The next message (sent or edited) in the member's chat; answers to button presses alone do not count. */
async function nextMessage(index: CallIndex, chatId: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0 || !(await index.waitForChat(chatId, remaining))) return undefined;
    const message = lastMessage(index.take(chatId));
    if (message) return message;
  }
}

async function readBooks(db: BenchDatabase): Promise<{ signerHashes: string[]; processedUpdates: Set<string> }> {
  const database = await openDatabase(db.url);
  try {
    const signatures = await database.prisma.signature.findMany({ select: { signerHash: true } });
    const processed = await database.prisma.processedUpdate.findMany({ where: { platform: 'telegram' }, select: { updateKey: true } });
    return { signerHashes: signatures.map((s) => s.signerHash), processedUpdates: new Set(processed.map((p) => p.updateKey)) };
  } finally {
    await database.close();
  }
}
