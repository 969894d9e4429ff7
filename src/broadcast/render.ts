/** What recipients and authors see: a broadcast in a language (the preview shows the same value), and progress lines. */
import type { Button } from '../engine/types';
import type { Lang, Translator } from '../i18n/translator';
import { joinRich, plain, rich, type RichText } from '../text/rich';
import type { BroadcastMessage, BroadcastProgress, UpdateLang } from './types';

/**
 * Both languages together must fit one Discord message (2,000 characters) and one Telegram message
 * (4,096), so every target gets exactly one message.
 */
export const MAX_BROADCAST_CHARS = 1900;

export interface BroadcastContent {
  textEn: string | null;
  textYue: string | null;
  petition: { slug: string; titleEn: string; titleYue: string } | null;
}

const SEPARATOR = '\n\n━━━━━━━━\n\n';

/** The texts in a language; a missing language falls back to the other. */
function textIn(content: BroadcastContent, lang: Lang): string {
  return (lang === 'en' ? (content.textEn ?? content.textYue) : (content.textYue ?? content.textEn)) ?? '';
}

/** Characters a message takes when both languages are shown: what MAX_BROADCAST_CHARS limits. */
export function broadcastLength(textEn: string | null, textYue: string | null): number {
  const parts = [textEn, textYue].filter((t): t is string => t !== null && t !== '');
  return parts.reduce((n, t) => n + [...t].length, 0) + (parts.length > 1 ? SEPARATOR.length : 0);
}

export function renderBroadcast(translator: Translator, content: BroadcastContent, lang: UpdateLang): BroadcastMessage {
  let text: RichText;
  if (lang !== 'both') text = plain(textIn(content, lang));
  else {
    const en = textIn(content, 'en');
    const yue = textIn(content, 'yue');
    text = en === yue ? plain(en) : joinRich([plain(en), plain(yue)], SEPARATOR);
  }
  const buttons: Button[][] = [];
  const p = content.petition;
  if (p) {
    const label =
      lang === 'both'
        ? translator.s('en', 'broadcast:signButtonBoth')
        : translator.s(lang, 'broadcast:signButton', { title: lang === 'yue' ? p.titleYue : p.titleEn });
    buttons.push([{ kind: 'deepLink', label, payload: `sign-${p.slug}` }]);
  }
  return { text, buttons };
}

/** The author's progress message: counts while sending, with a way to stop; the summary at the end. */
export function renderProgress(translator: Translator, lang: Lang, p: BroadcastProgress): BroadcastMessage {
  const vars = { id: p.broadcastId, sent: p.sent, total: p.total, failed: p.failed + p.unknown, cancelled: p.cancelled + p.remaining, skipped: p.skipped, unknown: p.unknown };
  if (!p.done) {
    return {
      text: translator.t(lang, 'broadcast:progress', vars),
      buttons: [[{ kind: 'action', label: translator.s(lang, 'broadcast:stopButton'), data: `bc:stop:${p.broadcastId}`, style: 'danger' }]],
    };
  }
  const lines: RichText[] = [translator.t(lang, p.status === 'cancelled' ? 'broadcast:summaryCancelled' : 'broadcast:summary', vars)];
  if (p.unknown > 0) lines.push(translator.t(lang, 'broadcast:summaryUnknown', vars));
  if (p.skipped > 0) lines.push(translator.t(lang, 'broadcast:summarySkipped', vars));
  return { text: rich(joinRich(lines, '\n')), buttons: [] };
}
