/** Every Bot API method the fake implements, by Telegram's name. Anything else answers 404 like an unknown method. */
import { callbackMethods } from './callbacks';
import { chatMethods } from './chats';
import { commandMethods } from './commands';
import type { MethodHandler, MethodTable } from './context';
import { editingMethods } from './editing';
import { identityMethods } from './identity';
import { sendingMethods } from './sending';
import { updateMethods } from './updates';

export const METHODS: MethodTable = {
  ...identityMethods,
  ...updateMethods,
  ...sendingMethods,
  ...editingMethods,
  ...callbackMethods,
  ...commandMethods,
  ...chatMethods,
};

const BY_LOWER_NAME = new Map(Object.entries(METHODS).map(([name, handler]) => [name.toLowerCase(), { name, handler }]));

/** Telegram matches method names case-insensitively. */
export function findMethod(name: string): { name: string; handler: MethodHandler } | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}
