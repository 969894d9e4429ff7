/** A member's control over their data: /mysignatures, /withdraw one signature, /forget everything. */
import { randomBytes } from 'node:crypto';
import type { Feature } from '../engine/feature';
import type { Ctx } from '../engine/context';
import type { Button } from '../engine/types';
import { joinRich, plain, rich } from '../text/rich';
import { formatDate, titleIn } from './format';

async function listMine(ctx: Ctx, intro: 'privacy:mine' | 'privacy:chooseWithdraw'): Promise<void> {
  const mine = await ctx.services.signatures.mine(ctx.tx, ctx.memberHash);
  if (mine.length === 0) return ctx.say('privacy:none');
  const lines = mine.map((s, i) => rich(`${i + 1}. `, ctx.t('privacy:line', { title: titleIn(s, ctx.lang), date: formatDate(s.signedAt, ctx.lang) })));
  const buttons: Button[][] = mine.map((s) => [{ kind: 'action', label: ctx.s('privacy:withdrawButton', { title: titleIn(s, ctx.lang) }), data: `wd:pick:${s.id}`, style: 'danger' }]);
  ctx.message(rich(ctx.t(intro), '\n\n', joinRich(lines, '\n')), { buttons });
}

/** features() is read lazily so /forget also reaches what later features keep (subscriptions…). */
export function privacyFeature(features: () => Feature[]): Feature {
  return {
    name: 'privacy',
    commands: [
      { spec: { name: 'mysignatures', descriptionKey: 'commands:mysignatures', scope: 'private' }, inGroups: false, run: (ctx) => listMine(ctx, 'privacy:mine') },
      { spec: { name: 'withdraw', descriptionKey: 'commands:withdraw', scope: 'private' }, inGroups: false, run: (ctx) => listMine(ctx, 'privacy:chooseWithdraw') },
      {
        spec: { name: 'forget', descriptionKey: 'commands:forget', scope: 'private' },
        inGroups: false,
        async run(ctx) {
          const state = ctx.startFlow('forget', 'confirm');
          const count = (await ctx.services.signatures.mine(ctx.tx, ctx.memberHash)).length;
          ctx.say('privacy:forgetConfirm', { count }, {
            buttons: [[ctx.action('privacy:forgetYes', `fg:yes:${state.nonce}`, 'danger'), ctx.action('common:cancelButton', `fg:no:${state.nonce}`)]],
          });
        },
      },
    ],
    buttons: {
      async wd(ctx, [action, arg]) {
        if (!ctx.isPrivate) return ctx.notice('common:privateOnlyShort');
        if (action === 'pick') {
          const mine = await ctx.services.signatures.mine(ctx.tx, ctx.memberHash);
          const sig = mine.find((s) => s.id === arg);
          if (!sig) return ctx.notice('privacy:alreadyWithdrawn');
          const state = ctx.startFlow('withdraw', 'confirm', { signatureId: sig.id, title: titleIn(sig, ctx.lang) });
          ctx.say('privacy:withdrawConfirm', { title: titleIn(sig, ctx.lang) }, {
            buttons: [[ctx.action('privacy:withdrawYes', `wd:yes:${state.nonce}`, 'danger'), ctx.action('privacy:withdrawKeep', `wd:no:${state.nonce}`)]],
          });
          return;
        }
        const state = ctx.flowFor('withdraw', arg);
        if (!state) return ctx.notice('common:staleButton');
        ctx.endFlow();
        if (action === 'no') return ctx.say('privacy:withdrawKept', undefined, { edit: true });
        const removed = await ctx.services.signatures.withdraw(ctx.tx, ctx.memberHash, String(state.data.signatureId));
        ctx.say(removed ? 'privacy:withdrawn' : 'privacy:alreadyWithdrawn', { title: String(state.data.title) }, { edit: true });
      },
      async fg(ctx, [action, nonce]) {
        const state = ctx.flowFor('forget', nonce);
        if (!state) return ctx.notice('common:staleButton');
        ctx.endFlow();
        if (action !== 'yes') return ctx.say('common:cancelled', undefined, { edit: true });
        const signatures = await ctx.services.signatures.eraseAll(ctx.tx, ctx.memberHash);
        await ctx.services.preferences.erase(ctx.tx, ctx.memberHash);
        let other = 0;
        for (const f of features()) if (f.forget) other += await f.forget(ctx.tx, ctx.memberHash);
        // The conversation row goes when the engine saves the ended flow, in this same transaction.
        ctx.services.log.info({ removedRows: signatures + other }, 'member erased their data');
        const receipt = randomBytes(4).toString('hex').toUpperCase();
        ctx.message(rich(ctx.t('privacy:forgotten', { count: signatures, date: formatDate(ctx.now, ctx.lang), receipt }), plain('')), { edit: true });
      },
    },
  };
}
