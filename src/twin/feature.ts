/**
 * /twin, its buttons (tw:id:<id>, tw:p:<id>:<page>) and the twin-<placeId> deep link. Stateless: it
 * never touches the conversation state, so it cannot disturb a signing flow, and it works in groups.
 */
import type { Ctx } from '../engine/context';
import type { Feature } from '../engine/feature';
import { viewPetition } from '../petitions/service';
import { normaliseName } from './normalise';
import { renderPrompt, renderResult, type PetitionRef, type Rendered } from './render';
import type { PlaceSummary, TwinLookupResult } from './results';
import type { TwinService, TwinSnapshot } from './service';

function show(ctx: Ctx, rendered: Rendered, edit = false): void {
  ctx.message(rendered.text, { buttons: rendered.buttons, ...(edit ? { edit } : {}) });
}

/** Whether a petition's `place` ("Bristol", "Newcastle") names this place. */
function isAbout(snap: TwinSnapshot, petitionPlace: string, place: PlaceSummary): boolean {
  if (normaliseName(petitionPlace) === normaliseName(place.name)) return true;
  const found = snap.index.lookup(petitionPlace);
  return found.kind === 'place' && found.place.id === place.id;
}

/** Open petitions about a place: a handful of rows, read per answer so a newly opened one shows at once. */
async function petitionsAbout(ctx: Ctx, snap: TwinSnapshot, place: PlaceSummary): Promise<PetitionRef[]> {
  const open = await ctx.services.petitions.open(ctx.tx, ctx.now);
  return open
    .filter((row) => row.place !== null && isAbout(snap, row.place, place))
    .map((row) => viewPetition(row, ctx.lang))
    .map((p) => ({ slug: p.slug, title: p.title }));
}

async function answer(ctx: Ctx, snap: TwinSnapshot, result: TwinLookupResult, query: string, page = 1, edit = false): Promise<void> {
  const petitions = result.kind === 'place' ? await petitionsAbout(ctx, snap, result.place) : [];
  show(ctx, renderResult(ctx, snap, result, { query, page, petitions }), edit);
}

export function twinFeature(service: TwinService): Feature {
  return {
    name: 'twin',
    commands: [
      {
        spec: {
          name: 'twin',
          descriptionKey: 'twin:command',
          scope: 'all',
          argument: { name: 'place', descriptionKey: 'twin:commandArg', required: false },
        },
        // Public data, nothing personal: answered where it was asked.
        inGroups: true,
        async run(ctx, args) {
          const snap = await service.current(ctx.tx);
          const query = args.trim();
          if (query === '') return show(ctx, renderPrompt(ctx, snap));
          await answer(ctx, snap, snap.index.lookup(query), query);
        },
      },
    ],
    buttons: {
      async tw(ctx, [action, id, pageText]) {
        if (id === undefined || (action !== 'id' && action !== 'p')) return ctx.notice('common:staleButton');
        const snap = await service.current(ctx.tx);
        const result = snap.index.resolveById(id);
        // The data changed since the button was drawn and the place is gone.
        if (result.kind === 'none') return ctx.notice('twin:gone');
        if (action === 'id') return answer(ctx, snap, result, id);
        const page = /^\d{1,4}$/.test(pageText ?? '') ? Number(pageText) : 1;
        await answer(ctx, snap, result, id, page, true);
      },
    },
    startPayloads: {
      async twin(ctx, rest) {
        const snap = await service.current(ctx.tx);
        const byId = snap.index.resolveById(rest.toLowerCase());
        // A hand-made link may carry a name instead of an id: twin-bristol, twin-milton_keynes.
        const query = rest.replace(/[-_]+/g, ' ');
        await answer(ctx, snap, byId.kind === 'none' ? snap.index.lookup(query) : byId, query);
      },
    },
  };
}
