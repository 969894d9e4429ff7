/** General commands: /help, /language and the campaign-updates opt-in. */
import type { Feature } from '../engine/feature';
import type { Ctx } from '../engine/context';
import type { CommandSpec } from '../engine/types';
import type { Lang } from '../i18n/translator';
import { dropAddress, rememberAddress } from '../broadcast/addresses';

const LANGUAGE_WORDS: Record<string, Lang> = {
  en: 'en', english: 'en', eng: 'en', 英文: 'en',
  yue: 'yue', zh: 'yue', cantonese: 'yue', 廣東話: 'yue', 广东话: 'yue', 粵語: 'yue', 粤语: 'yue', 中文: 'yue',
};

async function setLanguage(ctx: Ctx, lang: Lang, edit: boolean): Promise<void> {
  await ctx.services.preferences.setLanguage(ctx.tx, ctx.memberHash, lang);
  ctx.lang = lang;
  ctx.say('common:languageSet', undefined, { edit });
}

async function setUpdates(ctx: Ctx, on: boolean, edit: boolean): Promise<void> {
  await ctx.services.preferences.setUpdates(ctx.tx, ctx.memberHash, on);
  // Where updates reach them: kept encrypted while they opt in, gone as soon as they opt out.
  if (on) await rememberAddress(ctx.tx, ctx.services.cipher, ctx.memberHash, ctx.actor, ctx.lang);
  else await dropAddress(ctx.tx, ctx.memberHash, 'member opted out');
  ctx.say(on ? 'common:updatesOn' : 'common:updatesOff', undefined, { edit });
}

/** specs() is read lazily so /help lists the commands of every feature, including later ones. */
export function generalFeature(specs: () => CommandSpec[]): Feature {
  return {
    name: 'general',
    commands: [
      {
        spec: { name: 'help', descriptionKey: 'commands:help', scope: 'all' },
        inGroups: true,
        async run(ctx) {
          const lines = specs()
            .filter((s) => s.scope !== 'admin' && (ctx.isPrivate ? s.scope !== 'group' : s.scope !== 'private'))
            .map((s) => `/${s.name} — ${ctx.s(s.descriptionKey)}`);
          ctx.say('common:help', { commands: lines.join('\n') });
        },
      },
      {
        spec: { name: 'language', descriptionKey: 'commands:language', scope: 'private', argument: { name: 'language', descriptionKey: 'commands:languageArg', required: false } },
        inGroups: false,
        async run(ctx, args) {
          const chosen = LANGUAGE_WORDS[args.trim().toLowerCase()];
          if (chosen) return setLanguage(ctx, chosen, false);
          ctx.say('common:chooseLanguage', undefined, {
            buttons: [[{ kind: 'action', label: 'English', data: 'lang:en' }, { kind: 'action', label: '廣東話', data: 'lang:yue' }]],
          });
        },
      },
      {
        spec: { name: 'updates', descriptionKey: 'commands:updates', scope: 'private', argument: { name: 'choice', descriptionKey: 'commands:updatesArg', required: false } },
        inGroups: false,
        async run(ctx, args) {
          const word = args.trim().toLowerCase();
          if (['on', 'yes', '開', '开', '要'].includes(word)) return setUpdates(ctx, true, false);
          if (['off', 'no', '關', '关', '唔要'].includes(word)) return setUpdates(ctx, false, false);
          const prefs = await ctx.services.preferences.get(ctx.tx, ctx.memberHash);
          ctx.say(prefs.updatesOptIn ? 'common:updatesStatusOn' : 'common:updatesStatusOff', undefined, {
            buttons: [[ctx.action('common:updatesYes', 'upd:on'), ctx.action('common:updatesNo', 'upd:off')]],
          });
        },
      },
    ],
    buttons: {
      async lang(ctx, [code]) {
        if (code !== 'en' && code !== 'yue') return ctx.notice('common:staleButton');
        await setLanguage(ctx, code, true);
      },
      async upd(ctx, [choice]) {
        if (!ctx.isPrivate) return ctx.notice('common:privateOnlyShort');
        await setUpdates(ctx, choice === 'on', true);
      },
    },
  };
}
