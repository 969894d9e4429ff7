/** The interaction webhook: follow-ups, and reading, editing and deleting @original or a follow-up. */
import type { FakeContext } from '../../context.js';
import { createInteractionMessage, tokenExpired } from '../../interactions/interaction-messages.js';
import type { InteractionRecord } from '../../interactions/interaction-store.js';
import { validateMessageBody } from '../../validate/messages.js';
import type { ApiMessage } from '../../world/api-types.js';
import { MessageFlag } from '../../world/messages.js';
import { messageContent } from '../message-content.js';
import { Errors, formError, noContent, ok, type RestRequest, type RestResponse } from '../responses.js';
import type { BucketSpec, Route } from '../router.js';

/** Discord's webhook bucket: 5 requests per 2 s per webhook (here: per interaction token). */
const WEBHOOK_BUCKET: Omit<BucketSpec, 'name'> = { limit: 5, windowMs: 2_000, major: 'token' };
/** Response types after which the interaction has a message to follow up on or edit. */
const MESSAGE_RESPONSES = new Set([4, 5, 6, 7]);

export function webhookRoutes(ctx: FakeContext): Route[] {
  const { messages } = ctx;

  const withInteraction =
    (run: (record: InteractionRecord, request: RestRequest) => RestResponse) =>
    (request: RestRequest): RestResponse => {
      if (request.params['appId'] !== ctx.applicationId) return Errors.unknownWebhook();
      const record = ctx.interactions.withToken(request.params['token']!);
      if (!record) return Errors.unknownWebhook();
      if (tokenExpired(ctx, record)) return Errors.invalidWebhookToken();
      if (record.responseType === null || !MESSAGE_RESPONSES.has(record.responseType)) return Errors.unknownWebhook();
      const response = run(record, request);
      ctx.interactions.signal.notify();
      return response;
    };

  /** '@original' or a follow-up id; anything else this token did not produce is unknown. */
  const target = (record: InteractionRecord, messageId: string): ApiMessage | undefined => {
    const id = messageId === '@original' ? record.originalId : messageId;
    if (!id || (id !== record.originalId && !record.followUpIds.includes(id))) return undefined;
    return messages.get(id);
  };

  const common = { auth: false, globalLimit: false } as const;
  const messagePattern = '/webhooks/:appId/:token/messages/:messageId';
  return [
    {
      ...common,
      method: 'POST',
      pattern: '/webhooks/:appId/:token',
      bucket: { name: 'POST /webhooks/:id/:token', ...WEBHOOK_BUCKET },
      handle: withInteraction((record, { body, files, query }) => {
        const verdict = validateMessageBody(body, 'create', files.length > 0);
        if (!verdict.errors.empty) return formError(verdict.errors);
        if (verdict.empty) return Errors.emptyMessage();
        const content = messageContent(body, files, record.channelId);
        const original = record.originalId ? messages.get(record.originalId) : undefined;
        let message: ApiMessage;
        if (record.responseType === 5 && original && (original.flags & MessageFlag.Loading) !== 0) {
          // The first follow-up after a deferred reply replaces the "thinking…" message.
          message = messages.edit(original.id, { ...content, flags: undefined }, { markEdited: false });
          messages.finishLoading(original.id);
          record.originalEdits += 1;
        } else {
          message = createInteractionMessage(ctx, record, content, { followUp: true });
          record.followUpIds.push(message.id);
        }
        return query.get('wait') === 'true' ? ok(message) : noContent();
      }),
    },
    {
      ...common,
      method: 'GET',
      pattern: messagePattern,
      handle: withInteraction((record, { params }) => {
        const message = target(record, params['messageId']!);
        return message ? ok(message) : Errors.unknownMessage();
      }),
    },
    {
      ...common,
      method: 'PATCH',
      pattern: messagePattern,
      bucket: { name: 'PATCH /webhooks/:id/:token/messages/:id', ...WEBHOOK_BUCKET },
      handle: withInteraction((record, { params, body, files }) => {
        const message = target(record, params['messageId']!);
        if (!message) return Errors.unknownMessage();
        const verdict = validateMessageBody(body, 'edit');
        if (!verdict.errors.empty) return formError(verdict.errors);
        const loading = (message.flags & MessageFlag.Loading) !== 0;
        const edited = messages.edit(message.id, messageContent(body, files, record.channelId), { markEdited: !loading });
        if (loading) messages.finishLoading(message.id);
        if (message.id === record.originalId) record.originalEdits += 1;
        return ok(edited);
      }),
    },
    {
      ...common,
      method: 'DELETE',
      pattern: messagePattern,
      handle: withInteraction((record, { params }) => {
        const message = target(record, params['messageId']!);
        if (!message) return Errors.unknownMessage();
        messages.delete(message.id);
        return noContent();
      }),
    },
  ];
}
