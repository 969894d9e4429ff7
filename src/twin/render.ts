/** Turns twin lookup results into text and buttons in the member's language; unverified links never read as fact. */
import type { Button } from '../engine/types';
import type { Lang, Vars } from '../i18n/translator';
import { bold, joinRich, link, plain, rich, type RichText } from '../text/rich';
import { page as pageOf } from './page';
import type { AreaOverview, PartnerSummary, PlaceSummary, TwinLinkView, TwinLookupResult, TwinOption } from './results';
import type { TwinSnapshot } from './service';
import type { TwinStatus } from './types';

/** What rendering needs of the engine's Ctx (which satisfies it). */
export interface TwinView {
  readonly lang: Lang;
  readonly isPrivate: boolean;
  t(key: string, vars?: Vars): RichText;
  s(key: string, vars?: Record<string, string | number>): string;
}

export interface Rendered {
  text: RichText;
  buttons: Button[][];
}

/** An open petition about the place answered, offered as a Sign button. */
export interface PetitionRef {
  slug: string;
  title: string;
}

export const PLACES_PER_PAGE = 8;
export const PLACE_LINKS_PER_PAGE = 8;
export const PARTNER_LINKS_PER_PAGE = 10;
/** Most options offered as buttons at once. */
const MAX_OPTIONS = 8;
/** Discord's button labels stop at 80 characters; phones show fewer. */
const MAX_LABEL = 60;
/** An echoed query is cut, so a pasted essay does not come back. */
const MAX_ECHO = 60;

const ICONS: Record<TwinStatus | 'unverified', string> = {
  active: '✅',
  ended: '❌',
  suspended: '⏸️',
  disputed: '❓',
  unknown: '❔',
  unverified: '⚠️',
};

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function action(label: string, data: string): Button {
  return { kind: 'action', label: cut(label, MAX_LABEL), data };
}

/** 🇬🇧 from "gb"; nothing for codes that are not two letters. */
export function flag(code: string): string {
  if (!/^[a-z]{2}$/.test(code)) return '';
  return String.fromCodePoint(...[...code.toUpperCase()].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

/** A place abroad: its English name, with the Hong Kong form first in Cantonese. */
function placeName(v: TwinView, p: Pick<PlaceSummary, 'name' | 'nameZh'>): string {
  return v.lang === 'yue' && p.nameZh ? `${p.nameZh} ${p.name}` : p.name;
}

/** A short label for a button: the Chinese name alone in Cantonese when there is one. */
function placeLabel(v: TwinView, p: Pick<PlaceSummary, 'name' | 'nameZh'>): string {
  return v.lang === 'yue' && p.nameZh ? p.nameZh : p.name;
}

/** A PRC partner in both scripts: "Guangzhou 廣州", or "廣州 Guangzhou" in Cantonese. */
function partnerName(v: TwinView, p: Pick<PartnerSummary, 'name' | 'nameZh'>): string {
  if (!p.nameZh) return p.name;
  return v.lang === 'yue' ? `${p.nameZh} ${p.name}` : `${p.name} ${p.nameZh}`;
}

function countryName(v: TwinView, snap: TwinSnapshot, code: string, fallback: string): string {
  const country = snap.countries.get(code);
  return v.lang === 'yue' && country?.nameZh ? country.nameZh : (country?.name ?? fallback);
}

function where(v: TwinView, snap: TwinSnapshot, p: PlaceSummary): string {
  const country = countryName(v, snap, p.countryCode, p.country);
  // "Prague · Prague, Czech Republic" says nothing twice.
  return p.region && p.region !== p.name ? v.s('twin:where', { region: p.region, country }) : country;
}

function yearText(year: number): string {
  // A string, so the translator does not print 2,001.
  return String(year);
}

/** "Sister city since 2001"; null when the data says neither type nor year. */
function relation(v: TwinView, l: TwinLinkView): string | null {
  const { type, sinceYear } = l.link;
  if (type === null && sinceYear === null) return null;
  const typeText = v.s(`twin:type.${type ?? 'none'}`);
  return sinceYear === null ? typeText : v.s('twin:since', { type: typeText, year: yearText(sinceYear) });
}

/** The status in words. A link only listed on Wikipedia says so, whatever its status cell. */
export function statusText(v: TwinView, l: TwinLinkView): string {
  if (!l.verified) return v.s('twin:status.unverified');
  const { status, endedYear } = l.link;
  if ((status === 'ended' || status === 'suspended') && endedYear !== null) {
    return v.s(`twin:statusIn.${status}`, { year: yearText(endedYear) });
  }
  return v.s(`twin:status.${status}`);
}

function host(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** "✅ 3 · ❌ 1 · ⚠️ 2": a place's links by status, compact for lists. */
function tally(counts: Record<TwinStatus, number>, unverified: number): string {
  const parts: string[] = [];
  for (const status of ['active', 'suspended', 'disputed', 'ended'] as const) {
    if (counts[status] > 0) parts.push(`${ICONS[status]} ${counts[status]}`);
  }
  const unconfirmed = counts.unknown - unverified;
  if (unconfirmed > 0) parts.push(`${ICONS.unknown} ${unconfirmed}`);
  if (unverified > 0) parts.push(`${ICONS.unverified} ${unverified}`);
  return parts.join(' · ');
}

/** Previous / next buttons for a list under `id`; none when it fits on one page. */
function navRow(v: TwinView, id: string, current: number, pages: number): Button[][] {
  if (pages <= 1) return [];
  const row: Button[] = [];
  if (current > 1) row.push(action(v.s('twin:previous'), `tw:p:${id}:${current - 1}`));
  if (current < pages) row.push(action(v.s('twin:next'), `tw:p:${id}:${current + 1}`));
  return [row];
}

function pageLine(v: TwinView, current: number, pages: number): RichText[] {
  return pages > 1 ? [v.t('twin:page', { page: current, pages })] : [];
}

function pairs(buttons: Button[]): Button[][] {
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return rows;
}

function signButton(v: TwinView, p: PetitionRef): Button {
  const label = cut(v.s('sign:signButton', { title: p.title }), MAX_LABEL);
  // In a group the button leads into the private chat: nothing personal happens in the group.
  return v.isPrivate ? { kind: 'action', label, data: `sg:go:${p.slug}` } : { kind: 'deepLink', label, payload: `sign-${p.slug}` };
}

function linkBlock(v: TwinView, l: TwinLinkView): RichText {
  const p = l.partner;
  const lines: RichText[] = [
    v.t(p.province ? 'twin:link.partnerIn' : 'twin:link.partner', { partner: partnerName(v, p), province: p.province ?? undefined }),
  ];
  const rel = relation(v, l);
  if (rel) lines.push(rich('   ', rel));
  lines.push(rich('   ', statusText(v, l)));
  lines.push(rich('   ', v.t('twin:source', { link: link(host(l.link.sourceUrl), l.link.sourceUrl) })));
  return joinRich(lines, '\n');
}

export function renderPlace(
  v: TwinView,
  snap: TwinSnapshot,
  place: PlaceSummary,
  links: readonly TwinLinkView[],
  page: number,
  petitions: readonly PetitionRef[],
): Rendered {
  const shown = pageOf(links, page, PLACE_LINKS_PER_PAGE);
  const parts: RichText[] = [
    rich(v.t('twin:place.header', { name: placeName(v, place), where: where(v, snap, place) }), '\n', v.t('twin:place.links', { count: links.length })),
    ...pageLine(v, shown.page, shown.pageCount),
    ...shown.items.map((l) => linkBlock(v, l)),
    ...petitions.map((p) => v.t('twin:openPetition', { title: p.title })),
  ];
  const country = countryName(v, snap, place.countryCode, place.country);
  const buttons: Button[][] = [
    ...petitions.map((p) => [signButton(v, p)]),
    ...navRow(v, place.id, shown.page, shown.pageCount),
    [action(v.s('twin:moreIn', { country }), `tw:p:${place.countryCode}:1`)],
  ];
  return { text: joinRich(parts, '\n\n'), buttons };
}

export function renderPartner(v: TwinView, snap: TwinSnapshot, partner: PartnerSummary, links: readonly TwinLinkView[], page: number): Rendered {
  const shown = pageOf(links, page, PARTNER_LINKS_PER_PAGE);
  const header = v.t(partner.province ? 'twin:partner.headerIn' : 'twin:partner.header', {
    name: partnerName(v, partner),
    province: partner.province ?? undefined,
  });
  const lines = shown.items.map((l) => {
    const details = [relation(v, l), statusText(v, l)].filter((x): x is string => x !== null).map(plain);
    details.push(link(v.s('twin:sourceShort'), l.link.sourceUrl));
    return v.t('twin:partner.line', {
      place: placeName(v, l.place),
      country: countryName(v, snap, l.place.countryCode, l.place.country),
      details: joinRich(details, ' · '),
    });
  });
  const text = joinRich(
    [rich(header, '\n', v.t('twin:partner.links', { count: links.length })), ...pageLine(v, shown.page, shown.pageCount), joinRich(lines, '\n')],
    '\n\n',
  );
  const places = [...new Map(shown.items.map((l) => [l.place.id, l.place])).values()];
  const buttons = [...pairs(places.map((p) => action(placeLabel(v, p), `tw:id:${p.id}`))), ...navRow(v, partner.id, shown.page, shown.pageCount)];
  return { text, buttons };
}

export function renderArea(v: TwinView, snap: TwinSnapshot, area: AreaOverview, page: number): Rendered {
  const countryText = countryName(v, snap, area.country.id, area.country.name);
  const title = area.region
    ? v.s('twin:where', { region: v.lang === 'yue' && area.region.nameZh ? area.region.nameZh : area.region.name, country: countryText })
    : countryText;
  const unconfirmed = area.counts.unknown - area.unverifiedCount;
  const counts: RichText[] = [];
  for (const status of ['active', 'suspended', 'disputed', 'ended'] as const) {
    if (area.counts[status] > 0) counts.push(v.t(`twin:count.${status}`, { n: area.counts[status] }));
  }
  if (unconfirmed > 0) counts.push(v.t('twin:count.unknown', { n: unconfirmed }));
  if (area.unverifiedCount > 0) counts.push(v.t('twin:count.unverified', { n: area.unverifiedCount }));
  const shown = pageOf(area.places, page, PLACES_PER_PAGE);
  const lines = shown.items.map((p) => v.t('twin:area.line', { name: placeName(v, p), tally: tally(p.counts, p.linkCount - p.researchedCount) }));
  const id = area.region?.id ?? area.country.id;
  const parts: RichText[] = [
    rich(bold(`${flag(area.country.id)} ${title}`.trim()), '\n', v.t('twin:area.summary', { places: area.places.length, links: area.linkCount })),
    joinRich(counts, '\n'),
    joinRich([...pageLine(v, shown.page, shown.pageCount), ...lines], '\n'),
    v.t('twin:tapPlace'),
  ];
  const buttons = [...pairs(shown.items.map((p) => action(placeLabel(v, p), `tw:id:${p.id}`))), ...navRow(v, id, shown.page, shown.pageCount)];
  return { text: joinRich(parts, '\n\n'), buttons };
}

function optionLabel(v: TwinView, snap: TwinSnapshot, o: TwinOption): string {
  switch (o.kind) {
    case 'place':
      return v.s('twin:option.place', { name: placeName(v, o), country: countryName(v, snap, o.countryCode, o.country) });
    case 'partner':
      return v.s('twin:option.partner', { name: partnerName(v, o) });
    case 'country':
      return v.s('twin:option.country', { name: `${flag(o.id)} ${countryName(v, snap, o.id, o.name)}`.trim() });
    case 'region':
      return v.s('twin:option.region', {
        name: v.lang === 'yue' && o.nameZh ? o.nameZh : o.name,
        country: countryName(v, snap, o.countryCode, o.countryCode),
      });
  }
}

/** Several matches ("London") or close names ("Bristl"): one button per option. */
export function renderOptions(v: TwinView, snap: TwinSnapshot, kind: 'choices' | 'suggestions', options: readonly TwinOption[], query: string): Rendered {
  const key = kind === 'choices' ? 'twin:choose' : 'twin:didYouMean';
  return {
    text: v.t(key, { query: cut(query.trim(), MAX_ECHO) }),
    buttons: options.slice(0, MAX_OPTIONS).map((o) => [action(optionLabel(v, snap, o), `tw:id:${o.id}`)]),
  };
}

/** Country buttons, those with the most researched links first: where answers say the most. */
function countryButtons(v: TwinView, snap: TwinSnapshot): Button[][] {
  const researched = (a: AreaOverview): number => a.linkCount - a.unverifiedCount;
  const countries = snap.index.countries().sort((a, b) => researched(b) - researched(a) || b.linkCount - a.linkCount);
  return pairs(countries.map((c) => action(`${flag(c.country.id)} ${countryName(v, snap, c.country.id, c.country.name)}`.trim(), `tw:p:${c.country.id}:1`)));
}

export function renderNone(v: TwinView, snap: TwinSnapshot, query: string): Rendered {
  return { text: v.t('twin:notFound', { query: cut(query.trim(), MAX_ECHO) }), buttons: countryButtons(v, snap) };
}

/** `/twin` alone: how to ask, and countries to browse. */
export function renderPrompt(v: TwinView, snap: TwinSnapshot): Rendered {
  return { text: v.t('twin:prompt'), buttons: countryButtons(v, snap) };
}

/** Any lookup result; `page` applies to lists (a country's places, a partner's links). */
export function renderResult(
  v: TwinView,
  snap: TwinSnapshot,
  result: TwinLookupResult,
  options: { query: string; page?: number; petitions?: readonly PetitionRef[] },
): Rendered {
  const page = options.page ?? 1;
  switch (result.kind) {
    case 'place':
      return renderPlace(v, snap, result.place, result.links, page, options.petitions ?? []);
    case 'partner':
      return renderPartner(v, snap, result.partner, result.links, page);
    case 'country':
      return renderArea(v, snap, result, page);
    case 'choices':
    case 'suggestions':
      return renderOptions(v, snap, result.kind, result.options, options.query);
    case 'none':
      return renderNone(v, snap, options.query);
  }
}
