/** setMyCommands, getMyCommands, deleteMyCommands: one command list per scope and language, validated like Telegram. */
import type { BotCommand, BotCommandScope } from 'grammy/types';
import { badRequest } from '../api-error';
import type { BotState } from '../bot-state';
import type { Params } from '../params';
import type { MethodTable } from './context';

const MAX_COMMANDS = 100;

export const commandMethods: MethodTable = {
  setMyCommands: ({ bot, params }) => {
    const commands = readCommands(params);
    const { key, scope, language_code } = commandList(bot, params);
    if (commands.length === 0) bot.commands.delete(key);
    else bot.commands.set(key, { scope, language_code, commands });
    return true;
  },

  getMyCommands: ({ bot, params }) => bot.commands.get(commandList(bot, params).key)?.commands ?? [],

  deleteMyCommands: ({ bot, params }) => {
    bot.commands.delete(commandList(bot, params).key);
    return true;
  },
};

/** The storage key of the list a request names: its scope (chat ids resolved) and language. */
export function commandListKey(scope: BotCommandScope, languageCode: string): string {
  const parts: unknown[] = [scope.type];
  if ('chat_id' in scope) parts.push(scope.chat_id);
  if ('user_id' in scope) parts.push(scope.user_id);
  return `${parts.join(':')}|${languageCode}`;
}

function commandList(bot: BotState, params: Params): { key: string; scope: BotCommandScope; language_code: string } {
  const scope = readScope(bot, params);
  const language_code = params.text('language_code');
  if (language_code !== '' && !/^[a-z]{2}$/.test(language_code)) throw badRequest('invalid language code specified');
  return { key: commandListKey(scope, language_code), scope, language_code };
}

function readScope(bot: BotState, params: Params): BotCommandScope {
  const value = params.json('scope', "Can't parse BotCommandScope JSON object");
  if (value === undefined) return { type: 'default' };
  const refuse = (reason: string) => badRequest(`Can't parse BotCommandScope: ${reason}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw refuse('BotCommandScope must be an Object');
  const scope = value as Record<string, unknown>;
  if (scope.type === undefined) throw refuse('Can\'t find field "type"');
  if (typeof scope.type !== 'string') throw refuse('Field "type" must be of type String');
  const type = scope.type;
  if (['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators'].includes(type)) {
    return { type } as BotCommandScope;
  }
  if (!['chat', 'chat_administrators', 'chat_member'].includes(type)) throw refuse('Unsupported type specified');
  const chatIdText = scope.chat_id === undefined || scope.chat_id === null ? '' : String(scope.chat_id);
  if (chatIdText === '') throw refuse('Empty chat_id specified');
  const stored = bot.chats.resolve(chatIdText, { allowUnknownUser: false });
  if (stored.chat.type === 'private' && type !== 'chat') throw badRequest("can't use specified scope in private chats");
  if (type !== 'chat_member') return { type, chat_id: stored.chat.id } as BotCommandScope;
  const userId = Number(scope.user_id ?? 0);
  if (!(userId > 0)) throw refuse('Invalid user_id specified');
  return { type, chat_id: stored.chat.id, user_id: userId };
}

function readCommands(params: Params): BotCommand[] {
  const value = params.json('commands', "Can't parse commands JSON object");
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest('Expected an Array of BotCommand');
  const commands = value.map((item: unknown) => {
    const refuse = (reason: string) => badRequest(`Can't parse BotCommand: ${reason}`);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw refuse('expected an Object');
    const { command, description } = item as Record<string, unknown>;
    for (const [name, field] of [['command', command], ['description', description]] as const) {
      if (field === undefined) throw refuse(`Can't find field "${name}"`);
      if (typeof field !== 'string') throw refuse(`Field "${name}" must be of type String`);
    }
    // TDLib trims both and drops a leading '/', then checks lengths; Telegram's servers check the characters.
    const name = (command as string).trim().replace(/^\//, '');
    const text = (description as string).trim();
    if (name === '') throw badRequest('Command must be non-empty');
    if ([...name].length > 32) throw badRequest('Command length must not exceed 32');
    if (text === '') throw badRequest('Command description must be non-empty');
    if ([...text].length > 256) throw badRequest('Command description length must not exceed 256');
    return { command: name, description: text };
  });
  if (commands.length > MAX_COMMANDS) throw badRequest('BOT_COMMANDS_TOO_MUCH');
  if (commands.some(({ command }) => !/^[a-z0-9_]{1,32}$/.test(command))) throw badRequest('BOT_COMMAND_INVALID');
  return commands;
}
