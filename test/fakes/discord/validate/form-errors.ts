/** Collects field errors into Discord's nested 50035 "Invalid Form Body" shape. */
import type { JsonObject } from '../world/api-types.js';

export type FieldPath = ReadonlyArray<string | number>;

export class FormErrors {
  private readonly root: JsonObject = {};
  private count = 0;

  /** Adds `{ code, message }` under path, e.g. ['components', 0, 'components', 1, 'label']. */
  add(path: FieldPath, code: string, message: string): void {
    let node = this.root;
    for (const key of path) {
      const next = node[String(key)];
      node = (node[String(key)] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {});
    }
    const list = Array.isArray(node['_errors']) ? node['_errors'] : (node['_errors'] = []);
    list.push({ code, message });
    this.count += 1;
  }

  /** Checks a string's length the way Discord words it. */
  length(path: FieldPath, value: unknown, min: number, max: number, required = true): void {
    if (value === undefined || value === null) {
      if (required) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return;
    }
    if (typeof value !== 'string') {
      this.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
      return;
    }
    const length = [...value].length;
    if (min > 0 && (length < min || length > max)) {
      this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
    } else if (length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }

  /** Checks an array's size; arrays are counted in items. */
  size(path: FieldPath, value: unknown, min: number, max: number): void {
    if (!Array.isArray(value)) return;
    if (min > 0 && (value.length < min || value.length > max)) {
      this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
    } else if (value.length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }

  /** Checks an integer range. */
  range(path: FieldPath, value: unknown, min: number, max: number): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
    } else if (value < min) {
      this.add(path, 'NUMBER_TYPE_MIN', `Int value should be greater than or equal to ${min}.`);
    } else if (value > max) {
      this.add(path, 'NUMBER_TYPE_MAX', `Int value should be less than or equal to ${max}.`);
    }
  }

  get empty(): boolean {
    return this.count === 0;
  }

  get errors(): JsonObject {
    return this.root;
  }
}
