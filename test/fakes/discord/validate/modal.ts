/** Validates a modal (interaction response type 9): title, and rows or labels holding text inputs or selects. */
import type { Json, JsonObject } from '../world/api-types.js';
import { checkCustomId, ComponentType } from './components.js';
import { type FieldPath, FormErrors } from './form-errors.js';
import { asArray, isObject } from './json.js';

const MODAL_SELECTS = new Set<number>([3, 5, 6, 7, 8]);

export function validateModal(data: unknown): FormErrors {
  const errors = new FormErrors();
  if (!isObject(data)) {
    errors.add(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return errors;
  }
  const seen = new Set<string>();
  errors.length(['data', 'title'], data['title'], 1, 45);
  errors.length(['data', 'custom_id'], data['custom_id'], 1, 100);
  errors.size(['data', 'components'], data['components'] ?? [], 1, 5);
  asArray(data['components']).forEach((component, index) => {
    const path = ['data', 'components', index];
    if (!isObject(component)) {
      errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    switch (component['type']) {
      case ComponentType.ActionRow:
        return checkLegacyRow(errors, path, component, seen);
      case ComponentType.Label:
        return checkLabel(errors, path, component, seen);
      case ComponentType.TextDisplay:
        return errors.length([...path, 'content'], component['content'], 1, 4000);
      default:
        errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 10, 18).');
    }
  });
  return errors;
}

/** The older layout: an action row holding exactly one text input, whose own label is required. */
function checkLegacyRow(errors: FormErrors, path: FieldPath, row: JsonObject, seen: Set<string>): void {
  const children = asArray(row['components']);
  if (children.length !== 1) {
    errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 1 in length.');
  }
  children.forEach((child, index) => {
    const at = [...path, 'components', index];
    if (!isObject(child) || child['type'] !== ComponentType.TextInput) {
      errors.add([...at, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (4,).');
      return;
    }
    errors.length([...at, 'label'], child['label'], 1, 45);
    checkTextInput(errors, at, child, seen);
  });
}

/** The newer layout: a label (≤45) with an optional description wrapping one input. */
function checkLabel(errors: FormErrors, path: FieldPath, label: JsonObject, seen: Set<string>): void {
  errors.length([...path, 'label'], label['label'], 1, 45);
  errors.length([...path, 'description'], label['description'], 0, 100, false);
  const child: Json | undefined = label['component'];
  const at = [...path, 'component'];
  if (!isObject(child)) {
    errors.add(at, 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (child['type'] === ComponentType.TextInput) {
    if (child['label'] !== undefined) {
      errors.add([...at, 'label'], 'TEXT_INPUT_LABEL_NOT_ALLOWED', 'Text inputs inside a label cannot have their own label');
    }
    checkTextInput(errors, at, child, seen);
  } else if (MODAL_SELECTS.has(Number(child['type']))) {
    checkCustomId(errors, at, child['custom_id'], seen);
  } else {
    errors.add([...at, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (3, 4, 5, 6, 7, 8).');
  }
}

function checkTextInput(errors: FormErrors, path: FieldPath, input: JsonObject, seen: Set<string>): void {
  checkCustomId(errors, path, input['custom_id'], seen);
  if (input['style'] !== 1 && input['style'] !== 2) {
    errors.add([...path, 'style'], 'ENUM_TYPE_COERCE', `Value "${String(input['style'])}" is not a valid enum value.`);
  }
  errors.range([...path, 'min_length'], input['min_length'], 0, 4000);
  errors.range([...path, 'max_length'], input['max_length'], 1, 4000);
  errors.length([...path, 'value'], input['value'], 0, 4000, false);
  errors.length([...path, 'placeholder'], input['placeholder'], 0, 100, false);
  const min = input['min_length'];
  const max = input['max_length'];
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    errors.add([...path, 'min_length'], 'TEXT_INPUT_MIN_GREATER_THAN_MAX', 'Min length must be less than or equal to max length');
  }
}
