/** The custom_id language between rendered components and inbound interactions: engine data, plus the adapter's own prefixes. */
import type { Button, EventInput } from '../../src';

/**
 * Prefixes the adapter keeps for itself. Engine button data is "<prefix>:<rest>" with prefixes such as
 * sg, wd, fg, lang, upd, tw, bc; a feature must never register one of these.
 */
export const ADAPTER_PREFIXES = ['start', 'ask', 'form', 'menu'] as const;

/** Discord's limit for custom_id and select option values. */
export const MAX_CUSTOM_ID = 100;

/** A choice the engine offers, as the custom_id of a button or the value of a select option. */
export function choiceId(button: Exclude<Button, { kind: 'url' }>): string {
  return button.kind === 'action' ? button.data : `start:${button.payload}`;
}

/** Opens the single-field modal that answers an `ask` reply. */
export const askButtonId = (field: string): string => `ask:${field}`;
/** Re-opens a form as a modal (after a modal submit or a deferral, when no modal could be shown). */
export const formButtonId = (formId: string): string => `form:${formId}`;
/** A modal's custom_id: the form's id, or `ask:<field>` for a single answer. */
export const formModalId = (formId: string): string => `form:${formId}`;
export const askModalId = (field: string): string => `ask:${field}`;
/** A select menu's custom_id; its chosen value is a choiceId. */
export const menuId = (index: number): string => `menu:${index}`;

/** What pressing a button or choosing from a menu means. */
export type ComponentAction =
  | { kind: 'engine'; input: EventInput }
  | { kind: 'openAsk'; field: string }
  | { kind: 'openForm'; formId: string };

export function decodeChoice(customId: string): ComponentAction {
  const colon = customId.indexOf(':');
  const prefix = colon < 0 ? customId : customId.slice(0, colon);
  const rest = colon < 0 ? '' : customId.slice(colon + 1);
  switch (prefix) {
    case 'start':
      return { kind: 'engine', input: { kind: 'start', payload: rest } };
    case 'ask':
      return { kind: 'openAsk', field: rest };
    case 'form':
      return { kind: 'openForm', formId: rest };
    default:
      // Anything else, including unknown or outdated data, goes to the engine, which answers stale buttons.
      return { kind: 'engine', input: { kind: 'button', data: customId } };
  }
}

/** A modal submit: the answer to one `ask`, or a whole form. */
export function decodeModal(customId: string, values: Record<string, string>): EventInput {
  if (customId.startsWith('ask:')) {
    const field = customId.slice(4);
    return { kind: 'text', text: values[field] ?? Object.values(values)[0] ?? '' };
  }
  const formId = customId.startsWith('form:') ? customId.slice(5) : customId;
  return { kind: 'form', formId, values };
}
