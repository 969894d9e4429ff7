/** Validates application command bodies against Discord's naming, length, locale and option rules. */
import type { Json, JsonObject } from '../world/api-types.js';
import { type FieldPath, FormErrors } from './form-errors.js';
import { isDiscordLocale } from './locales.js';

/** Discord's documented pattern for chat-input command and option names. */
const NAME_PATTERN = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const CHOICE_TYPES = new Set([3, 4, 10]);

/** Validates a PUT body: errors are keyed by the command's index, like Discord's. */
export function validateCommandList(body: unknown): FormErrors {
  const errors = new FormErrors();
  if (!Array.isArray(body)) {
    errors.add([], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return errors;
  }
  if (body.length > 100) errors.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  const seen = new Set<string>();
  body.forEach((command: Json, index) => {
    checkCommand(errors, [index], command);
    if (isObject(command)) {
      const key = `${String(command['type'] ?? 1)}:${String(command['name'])}`;
      if (seen.has(key)) {
        errors.add([index, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
      }
      seen.add(key);
    }
  });
  return errors;
}

/** Validates a POST body (one command). */
export function validateCommand(body: unknown): FormErrors {
  const errors = new FormErrors();
  checkCommand(errors, [], body as Json);
  return errors;
}

/** Validates a PATCH body: only the fields present. */
export function validateCommandPatch(body: unknown, type: number): FormErrors {
  const errors = new FormErrors();
  if (!isObject(body as Json)) return errors;
  const patch = body as JsonObject;
  if ('name' in patch) checkName(errors, ['name'], patch['name'], type === 1);
  if ('description' in patch) checkDescription(errors, ['description'], patch['description'], type);
  checkLocalizations(errors, patch, type);
  if ('options' in patch) checkOptions(errors, ['options'], patch['options'], 0);
  return errors;
}

function checkCommand(errors: FormErrors, path: FieldPath, command: Json): void {
  if (!isObject(command)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  const type = command['type'] ?? 1;
  if (type !== 1 && type !== 2 && type !== 3 && type !== 4) {
    errors.add([...path, 'type'], 'ENUM_TYPE_COERCE', `Value "${String(type)}" is not a valid enum value.`);
    return;
  }
  checkName(errors, [...path, 'name'], command['name'], type === 1);
  checkDescription(errors, [...path, 'description'], command['description'], type);
  checkLocalizations(errors, command, type, path);
  const permissions = command['default_member_permissions'];
  if (permissions !== undefined && permissions !== null && !/^\d+$/.test(String(permissions))) {
    errors.add([...path, 'default_member_permissions'], 'NUMBER_TYPE_COERCE', `Value "${String(permissions)}" is not snowflake.`);
  }
  if (command['options'] !== undefined && type !== 1) {
    errors.add([...path, 'options'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Only chat input commands may have options');
  } else {
    checkOptions(errors, [...path, 'options'], command['options'], 0);
  }
}

/** Chat-input names follow NAME_PATTERN and must be lowercase; context-menu names are free text. */
function checkName(errors: FormErrors, path: FieldPath, name: Json | undefined, chatInput: boolean): void {
  if (typeof name !== 'string') {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (!chatInput) {
    errors.length(path, name, 1, 32);
    return;
  }
  if (!NAME_PATTERN.test(name) || name !== name.toLowerCase()) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

function checkDescription(errors: FormErrors, path: FieldPath, description: Json | undefined, type: Json): void {
  if (type === 1) {
    errors.length(path, description, 1, 100);
  } else if (description !== undefined && description !== '' && description !== null) {
    errors.add(path, 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have description');
  }
}

function checkLocalizations(errors: FormErrors, body: JsonObject, type: Json, path: FieldPath = []): void {
  const chatInput = type === 1;
  checkLocaleMap(errors, [...path, 'name_localizations'], body['name_localizations'], (p, v) =>
    checkName(errors, p, v, chatInput),
  );
  checkLocaleMap(errors, [...path, 'description_localizations'], body['description_localizations'], (p, v) =>
    errors.length(p, v, chatInput ? 1 : 0, 100),
  );
}

function checkLocaleMap(
  errors: FormErrors,
  path: FieldPath,
  map: Json | undefined,
  checkValue: (path: FieldPath, value: Json) => void,
): void {
  if (map === undefined || map === null) return;
  if (!isObject(map)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  for (const [locale, value] of Object.entries(map)) {
    if (!isDiscordLocale(locale)) {
      errors.add([...path, locale], 'ENUM_TYPE_COERCE', `Value "${locale}" is not a valid enum value.`);
    } else {
      checkValue([...path, locale], value);
    }
  }
}

function checkOptions(errors: FormErrors, path: FieldPath, options: Json | undefined, depth: number): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return;
  }
  errors.size(path, options, 0, 25);
  const names = new Set<string>();
  let sawOptional = false;
  const kinds = new Set<'sub' | 'value'>();
  options.forEach((option, index) => {
    const at = [...path, index];
    if (!isObject(option)) {
      errors.add(at, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    const type = option['type'];
    if (typeof type !== 'number' || type < 1 || type > 11) {
      errors.add([...at, 'type'], 'ENUM_TYPE_COERCE', `Value "${String(type)}" is not a valid enum value.`);
      return;
    }
    const isSub = type === SUBCOMMAND || type === SUBCOMMAND_GROUP;
    kinds.add(isSub ? 'sub' : 'value');
    if (isSub && depth >= (type === SUBCOMMAND_GROUP ? 1 : 2)) {
      errors.add([...at, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command options cannot be nested this deep');
    }
    checkName(errors, [...at, 'name'], option['name'], true);
    errors.length([...at, 'description'], option['description'], 1, 100);
    checkLocalizations(errors, option, 1, at);
    if (typeof option['name'] === 'string') {
      if (names.has(option['name'])) {
        errors.add([...at, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option names must be unique');
      }
      names.add(option['name']);
    }
    if (!isSub) {
      if (option['required'] === true && sawOptional) {
        errors.add([...at, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
      }
      if (option['required'] !== true) sawOptional = true;
      checkChoices(errors, [...at, 'choices'], option, type);
    } else if (type === SUBCOMMAND_GROUP) {
      const children = Array.isArray(option['options']) ? option['options'] : [];
      children.forEach((child, childIndex) => {
        if (isObject(child) && child['type'] !== SUBCOMMAND) {
          errors.add([...at, 'options', childIndex, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command groups may only contain sub-commands');
        }
      });
      checkOptions(errors, [...at, 'options'], option['options'], depth + 1);
    } else {
      checkOptions(errors, [...at, 'options'], option['options'], depth + 1);
    }
  });
  if (kinds.size > 1) {
    errors.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
  }
}

function checkChoices(errors: FormErrors, path: FieldPath, option: JsonObject, type: number): void {
  const choices = option['choices'];
  if (choices === undefined || choices === null) return;
  if (!CHOICE_TYPES.has(type)) {
    errors.add(path, 'APPLICATION_COMMAND_OPTIONS_CHOICES_INVALID', 'Choices are only allowed on string, integer and number options');
    return;
  }
  if (option['autocomplete'] === true) {
    errors.add(path, 'APPLICATION_COMMAND_OPTIONS_CHOICES_INVALID', 'Autocomplete cannot be used with choices');
  }
  errors.size(path, choices, 0, 25);
  if (!Array.isArray(choices)) return;
  choices.forEach((choice, index) => {
    if (!isObject(choice)) return;
    errors.length([...path, index, 'name'], choice['name'], 1, 100);
    checkLocaleMap(errors, [...path, index, 'name_localizations'], choice['name_localizations'], (p, v) =>
      errors.length(p, v, 1, 100),
    );
    if (type === 3) errors.length([...path, index, 'value'], choice['value'], 1, 100);
  });
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
