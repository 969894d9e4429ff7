/** Validates message components: action rows, buttons and select menus, plus a light pass over Components V2. */
import type { Json } from '../world/api-types.js';
import { type FieldPath, FormErrors } from './form-errors.js';
import { asArray, isObject } from './json.js';

export const ComponentType = {
  ActionRow: 1,
  Button: 2,
  StringSelect: 3,
  TextInput: 4,
  UserSelect: 5,
  RoleSelect: 6,
  MentionableSelect: 7,
  ChannelSelect: 8,
  Section: 9,
  TextDisplay: 10,
  Thumbnail: 11,
  MediaGallery: 12,
  File: 13,
  Separator: 14,
  Container: 17,
  Label: 18,
} as const;

const SELECTS = new Set<number>([3, 5, 6, 7, 8]);
const V2_TOP_LEVEL = new Set<number>([1, 9, 10, 12, 13, 14, 17]);
const LINK = 5;
const PREMIUM = 6;

/** Tracks custom_ids across one message: Discord refuses duplicates. */
type Seen = Set<string>;

export function validateMessageComponents(errors: FormErrors, components: unknown, componentsV2: boolean): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) {
    errors.add(['components'], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return;
  }
  const seen: Seen = new Set();
  if (!componentsV2) {
    errors.size(['components'], components, 0, 5);
    components.forEach((row, index) => {
      const path = ['components', index];
      if (!isObject(row) || row['type'] !== ComponentType.ActionRow) {
        errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
        return;
      }
      checkActionRow(errors, path, row['components'], seen);
    });
    return;
  }
  if (countComponents(components) > 40) {
    errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 40 or fewer in length.');
  }
  components.forEach((component, index) => checkV2(errors, ['components', index], component, seen, true));
}

function checkActionRow(errors: FormErrors, path: FieldPath, children: unknown, seen: Seen): void {
  const list = asArray(children);
  errors.size([...path, 'components'], children ?? [], 1, 5);
  // A select menu fills a whole row (width 5); buttons take one slot each.
  const width = list.reduce<number>((sum, c) => sum + (isObject(c) && SELECTS.has(Number(c['type'])) ? 5 : 1), 0);
  if (list.length > 0 && list.length <= 5 && width > 5) {
    errors.add([...path, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
  }
  list.forEach((child, index) => checkInteractive(errors, [...path, 'components', index], child, seen));
}

function checkInteractive(errors: FormErrors, path: FieldPath, component: Json, seen: Seen): void {
  if (!isObject(component)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  const type = Number(component['type']);
  if (type === ComponentType.Button) return checkButton(errors, path, component, seen);
  if (SELECTS.has(type)) return checkSelect(errors, path, component, seen);
  errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
}

function checkButton(errors: FormErrors, path: FieldPath, button: Record<string, Json>, seen: Seen): void {
  const style = button['style'];
  if (typeof style !== 'number' || style < 1 || style > 6) {
    errors.add([...path, 'style'], 'ENUM_TYPE_COERCE', `Value "${String(style)}" is not a valid enum value.`);
    return;
  }
  errors.length([...path, 'label'], button['label'], 0, 80, false);
  if (style === LINK) {
    if (typeof button['url'] !== 'string') errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_REQUIRED', 'A url is required');
    if (button['custom_id'] !== undefined) errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be specified');
  } else if (style === PREMIUM) {
    if (typeof button['sku_id'] !== 'string') errors.add([...path, 'sku_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else {
    if (button['url'] !== undefined) errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'A url cannot be specified');
    checkCustomId(errors, path, button['custom_id'], seen);
  }
  if (style !== PREMIUM && button['label'] === undefined && button['emoji'] === undefined) {
    errors.add([...path, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A label or emoji is required');
  }
}

function checkSelect(errors: FormErrors, path: FieldPath, select: Record<string, Json>, seen: Seen): void {
  checkCustomId(errors, path, select['custom_id'], seen);
  errors.length([...path, 'placeholder'], select['placeholder'], 0, 150, false);
  errors.range([...path, 'min_values'], select['min_values'], 0, 25);
  errors.range([...path, 'max_values'], select['max_values'], 1, 25);
  if (Number(select['type']) !== ComponentType.StringSelect) return;
  const options = select['options'];
  errors.size([...path, 'options'], options ?? [], 1, 25);
  asArray(options).forEach((option, index) => {
    if (!isObject(option)) return;
    errors.length([...path, 'options', index, 'label'], option['label'], 1, 100);
    errors.length([...path, 'options', index, 'value'], option['value'], 1, 100);
    errors.length([...path, 'options', index, 'description'], option['description'], 0, 100, false);
  });
  const max = select['max_values'];
  if (typeof max === 'number' && Array.isArray(options) && max > options.length) {
    errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_TOO_HIGH', 'Max values must be less than or equal to the number of options');
  }
}

/** custom_id: 1–100 characters and unique within the message or modal. */
export function checkCustomId(errors: FormErrors, path: FieldPath, customId: Json | undefined, seen: Seen): void {
  errors.length([...path, 'custom_id'], customId, 1, 100);
  if (typeof customId !== 'string') return;
  if (seen.has(customId)) {
    errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  }
  seen.add(customId);
}

function checkV2(errors: FormErrors, path: FieldPath, component: Json, seen: Seen, topLevel: boolean): void {
  if (!isObject(component)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  const type = Number(component['type']);
  if (topLevel && !V2_TOP_LEVEL.has(type)) {
    errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 9, 10, 12, 13, 14, 17).');
    return;
  }
  switch (type) {
    case ComponentType.ActionRow:
      return checkActionRow(errors, path, component['components'], seen);
    case ComponentType.TextDisplay:
      return errors.length([...path, 'content'], component['content'], 1, 4000);
    case ComponentType.Section:
      asArray(component['components']).forEach((child, i) => checkV2(errors, [...path, 'components', i], child, seen, false));
      if (isObject(component['accessory']) && component['accessory']['type'] === ComponentType.Button) {
        checkButton(errors, [...path, 'accessory'], component['accessory'], seen);
      }
      return;
    case ComponentType.Container:
      asArray(component['components']).forEach((child, i) => checkV2(errors, [...path, 'components', i], child, seen, true));
      return;
    default:
      return;
  }
}

function countComponents(components: readonly Json[]): number {
  return components.reduce<number>((sum, c) => {
    if (!isObject(c)) return sum + 1;
    const children = asArray(c['components']);
    return sum + 1 + countComponents(children) + (isObject(c['accessory']) ? 1 : 0);
  }, 0);
}
