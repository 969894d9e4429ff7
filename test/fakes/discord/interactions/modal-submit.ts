/** Builds a modal submit's `data` mirroring the modal the bot showed, refusing what Discord's client would refuse. */
import type { Json, JsonObject } from '../world/api-types.js';
import { asArray, isObject } from '../validate/json.js';

export type FieldValue = string | string[];

const ACTION_ROW = 1;
const TEXT_INPUT = 4;
const TEXT_DISPLAY = 10;
const LABEL = 18;

/**
 * With the shown modal: same layout (rows or labels), every field checked against its input's
 * required/min/max rules. Without one: the classic layout, one action row per text input.
 */
export function buildModalSubmitData(customId: string, fields: Record<string, FieldValue>, shown?: JsonObject): JsonObject {
  if (!shown) {
    return {
      custom_id: customId,
      components: Object.entries(fields).map(([id, value], index) => ({
        type: ACTION_ROW,
        id: index * 2 + 1,
        components: [{ type: TEXT_INPUT, id: index * 2 + 2, custom_id: id, value: String(value) }],
      })),
    };
  }
  const known = new Set<string>();
  let nextId = 0;
  const idOf = (component: JsonObject): number => {
    nextId += 1;
    return typeof component['id'] === 'number' ? component['id'] : nextId;
  };
  const submitInput = (input: JsonObject): JsonObject => {
    const inputId = String(input['custom_id']);
    known.add(inputId);
    const value = fields[inputId];
    if (input['type'] !== TEXT_INPUT) {
      const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
      return { type: input['type']!, id: idOf(input), custom_id: inputId, values };
    }
    return { type: TEXT_INPUT, id: idOf(input), custom_id: inputId, value: checkText(inputId, input, value) };
  };
  const components = asArray(shown['components']).map((component: Json): JsonObject => {
    if (!isObject(component)) throw new Error('The shown modal has a malformed component');
    if (component['type'] === ACTION_ROW) {
      const id = idOf(component);
      return { type: ACTION_ROW, id, components: asArray(component['components']).filter(isObject).map(submitInput) };
    }
    if (component['type'] === LABEL && isObject(component['component'])) {
      const id = idOf(component);
      return { type: LABEL, id, component: submitInput(component['component']) };
    }
    return { type: TEXT_DISPLAY, id: idOf(component) };
  });
  const unknown = Object.keys(fields).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new Error(`Modal "${customId}" has no input(s) ${unknown.join(', ')}`);
  return { custom_id: customId, components };
}

/** The Discord client enforces these before it lets the user press Submit. */
function checkText(inputId: string, input: JsonObject, value: FieldValue | undefined): string {
  if (Array.isArray(value)) throw new Error(`Text input "${inputId}" takes a string, not a list`);
  const text = value ?? '';
  const required = input['required'] !== false;
  const length = [...text].length;
  if (required && length === 0) throw new Error(`Text input "${inputId}" is required`);
  const min = typeof input['min_length'] === 'number' ? input['min_length'] : 0;
  const max = typeof input['max_length'] === 'number' ? input['max_length'] : 4000;
  if (length > 0 && (length < min || length > max)) {
    throw new Error(`Text input "${inputId}" must be ${min}–${max} characters; got ${length}`);
  }
  return text;
}
