/** /subscribe and /unsubscribe: a group or channel admin chooses whether the chat gets campaign updates, in which language, about what. */
import type { Feature } from '../engine/feature';
import type { Ctx } from '../engine/context';
import type { BotRight } from '../engine/types';
import { auditActor } from '../broadcast/admins';
import { eraseMemberBroadcastData } from '../broadcast/addresses';
import { findSubscription, subscribe, switchOff } from '../broadcast/subscriptions';
import type { UpdateLang } from '../broadcast/types';
import { titleIn } from './format';

const LANG_WORDS: Record<string, UpdateLang> = {
  en: 'en', english: 'en', eng: 'en', 英文: 'en',
  yue: 'yue', zh: 'yue', cantonese: 'yue', 廣東話: 'yue', 广东话: 'yue', 粵語: 'yue', 中文: 'yue',
  both: 'both', all: 'both', bilingual: 'both', 雙語: 'both', 双语: 'both', 兩種: 'both', 中英: 'both',
};

const RIGHTS: BotRight[] = ['admin', 'post', 'view', 'links'];

/** A group or channel the bot could post in: a group chat, or (Discord) a server channel answered privately. */
function inSharedChat(ctx: Ctx): boolean {
  return !ctx.isPrivate || ctx.actor.guildId !== undefined;
}

/** Says what stops this command here; true when nothing does. */
function mayManage(ctx: Ctx, command: 'subscribe' | 'unsubscribe'): boolean {
  if (!inSharedChat(ctx)) {
    ctx.say('broadcast:subscribeWhere', { command: `/${command}` });
    return false;
  }
  if (ctx.actor.isChatAdmin !== true) {
    ctx.say('broadcast:notChatAdmin');
    return false;
  }
  return true;
}

async function audit(ctx: Ctx, action: string, details: Record<string, unknown>): Promise<void> {
  await ctx.tx.auditLog.create({
    data: { actor: auditActor(ctx.actor, ctx.memberHash), action, subject: `${ctx.actor.platform}:${ctx.actor.chatId}`, details: JSON.stringify(details) },
  });
}

async function runSubscribe(ctx: Ctx, args: string): Promise<void> {
  if (!mayManage(ctx, 'subscribe')) return;
  const missing = RIGHTS.filter((r) => ctx.actor.botMissing?.includes(r));
  if (missing.length > 0) {
    ctx.say('broadcast:botMissing', { rights: missing.map((r) => `• ${ctx.s(`broadcast:right.${r}`)}`).join('\n') });
    return;
  }
  let lang: UpdateLang = 'both';
  let slug: string | undefined;
  for (const word of args.split(/\s+/).filter(Boolean)) {
    const chosen = LANG_WORDS[word.toLowerCase()];
    if (chosen) lang = chosen;
    else slug ??= word.toLowerCase();
  }
  let petition: { id: string; titleEn: string; titleYue: string } | null = null;
  if (slug !== undefined) {
    const row = await ctx.services.petitions.bySlug(ctx.tx, slug);
    if (!row || row.status === 'draft') return ctx.say('broadcast:noSuchPetition', { slug });
    petition = row;
  }
  const result = await subscribe(ctx.tx, {
    platform: ctx.actor.platform,
    chatId: ctx.actor.chatId,
    guildId: ctx.actor.guildId,
    title: ctx.actor.chatTitle,
    lang,
    petitionId: petition?.id ?? null,
  });
  await audit(ctx, result === 'created' ? 'subscription.on' : 'subscription.changed', { lang, petitionId: petition?.id ?? null });
  const follows = petition ? ctx.t('broadcast:followsPetition', { title: titleIn(petition, ctx.lang) }) : ctx.t('broadcast:followsCampaign');
  ctx.say(result === 'created' ? 'broadcast:subscribed' : 'broadcast:subscriptionChanged', { lang: ctx.s(`broadcast:lang.${lang}`), follows });
}

async function runUnsubscribe(ctx: Ctx): Promise<void> {
  if (!mayManage(ctx, 'unsubscribe')) return;
  const chat = { platform: ctx.actor.platform, chatId: ctx.actor.chatId };
  const existing = await findSubscription(ctx.tx, chat);
  if (!existing?.active) return ctx.say('broadcast:notSubscribed');
  await switchOff(ctx.tx, chat, 'unsubscribed', ctx.now);
  await audit(ctx, 'subscription.off', { reason: 'unsubscribed' });
  ctx.say('broadcast:unsubscribed');
}

export function subscriptionsFeature(): Feature {
  return {
    name: 'subscriptions',
    commands: [
      {
        spec: { name: 'subscribe', descriptionKey: 'broadcast:subscribeCommand', scope: 'group', argument: { name: 'options', descriptionKey: 'broadcast:subscribeArg', required: false } },
        // Acts on the group itself; nothing personal is asked or shown.
        inGroups: true,
        run: runSubscribe,
      },
      { spec: { name: 'unsubscribe', descriptionKey: 'broadcast:unsubscribeCommand', scope: 'group' }, inGroups: true, run: runUnsubscribe },
    ],
    forget: (tx, memberHash) => eraseMemberBroadcastData(tx, memberHash),
  };
}
