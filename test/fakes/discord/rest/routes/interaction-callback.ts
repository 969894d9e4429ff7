/** POST /interactions/:id/:token/callback: the initial response, within the deadline and only once. */
import type { FakeContext } from '../../context.js';
import {
  ackExpired,
  createInteractionMessage,
} from '../../interactions/interaction-messages.js';
import { CallbackType, InteractionType, type InteractionRecord } from '../../interactions/interaction-store.js';
import { FormErrors } from '../../validate/form-errors.js';
import { asArray, isObject } from '../../validate/json.js';
import { validateMessageBody } from '../../validate/messages.js';
import { validateModal } from '../../validate/modal.js';
import type { ApiMessage, JsonObject } from '../../world/api-types.js';
import { MessageFlag } from '../../world/messages.js';
import { messageContent } from '../message-content.js';
import { Errors, formError, noContent, ok, type RestRequest, type RestResponse } from '../responses.js';
import type { Route } from '../router.js';

const ALLOWED: Record<number, readonly number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.Autocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

export function interactionCallbackRoute(ctx: FakeContext): Route {
  return {
    method: 'POST',
    pattern: '/interactions/:interactionId/:token/callback',
    auth: false,
    // Interaction callbacks are bound by neither the global limit nor a bucket.
    globalLimit: false,
    bucket: 'none',
    handle: (request) => {
      const record = ctx.interactions.get(request.params['interactionId']!);
      if (!record || record.token !== request.params['token']) return Errors.unknownInteraction();
      if (ackExpired(ctx, record)) return Errors.unknownInteraction();
      if (record.responseType !== null) return Errors.alreadyAcknowledged();
      const response = respond(ctx, record, request);
      if (response.status >= 300) return response;
      ctx.interactions.signal.notify();
      return request.query.get('with_response') === 'true' ? ok(callbackResponse(ctx, record)) : noContent();
    },
  };
}

function respond(ctx: FakeContext, record: InteractionRecord, { body, files }: RestRequest): RestResponse {
  const type = isObject(body) ? body['type'] : undefined;
  const data = isObject(body) ? body['data'] : undefined;
  const fromMessage = record.sourceMessageId !== null;
  const allowed = ALLOWED[record.type] ?? [];
  const typeAllowed =
    typeof type === 'number' && allowed.includes(type) && (fromMessage || (type !== 6 && type !== 7));
  if (!typeAllowed) {
    const errors = new FormErrors();
    errors.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', 'Interaction response type is invalid for this interaction');
    return formError(errors);
  }
  const { messages } = ctx;
  switch (type) {
    case CallbackType.ChannelMessageWithSource: {
      const verdict = validateMessageBody(data, 'create', files.length > 0);
      if (!verdict.errors.empty) return formError(verdict.errors, ['data']);
      if (verdict.empty) return Errors.emptyMessage();
      record.originalId = createInteractionMessage(ctx, record, messageContent(data, files, record.channelId)).id;
      break;
    }
    case CallbackType.DeferredChannelMessageWithSource: {
      const ephemeral = isObject(data) && typeof data['flags'] === 'number' ? data['flags'] & MessageFlag.Ephemeral : 0;
      record.originalId = createInteractionMessage(ctx, record, { flags: ephemeral }, { loading: true }).id;
      break;
    }
    case CallbackType.DeferredUpdateMessage:
      record.originalId = record.sourceMessageId;
      break;
    case CallbackType.UpdateMessage: {
      const verdict = validateMessageBody(data, 'edit');
      if (!verdict.errors.empty) return formError(verdict.errors, ['data']);
      messages.edit(record.sourceMessageId!, messageContent(data, files, record.channelId));
      record.originalId = record.sourceMessageId;
      break;
    }
    case CallbackType.AutocompleteResult: {
      const errors = validateChoices(data);
      if (!errors.empty) return formError(errors, ['data']);
      record.choices = asArray(isObject(data) ? data['choices'] : []) as JsonObject[];
      break;
    }
    case CallbackType.Modal: {
      const errors = validateModal(data);
      if (!errors.empty) return formError(errors);
      record.modal = data as JsonObject;
      break;
    }
  }
  record.responseType = type as number;
  return noContent();
}

function validateChoices(data: unknown): FormErrors {
  const errors = new FormErrors();
  const choices = isObject(data) ? data['choices'] : undefined;
  errors.size(['choices'], choices, 0, 25);
  asArray(choices).forEach((choice, index) => {
    if (!isObject(choice)) return;
    errors.length(['choices', index, 'name'], choice['name'], 1, 100);
    if (choice['value'] === undefined) errors.add(['choices', index, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (typeof choice['value'] === 'string') errors.length(['choices', index, 'value'], choice['value'], 1, 100);
  });
  return errors;
}

/** The `with_response=true` body discord.js turns into an InteractionCallbackResponse. */
function callbackResponse(ctx: FakeContext, record: InteractionRecord): JsonObject {
  const message: ApiMessage | undefined = record.originalId ? ctx.messages.get(record.originalId) : undefined;
  const createsMessage = record.responseType === 4 || record.responseType === 5;
  return {
    interaction: {
      id: record.id,
      type: record.type,
      ...(createsMessage && message
        ? {
            response_message_id: message.id,
            response_message_loading: (message.flags & MessageFlag.Loading) !== 0,
            response_message_ephemeral: (message.flags & MessageFlag.Ephemeral) !== 0,
          }
        : {}),
    },
    resource: {
      type: record.responseType!,
      ...(message && record.responseType !== 6 ? { message: message as unknown as JsonObject } : {}),
    },
  };
}
