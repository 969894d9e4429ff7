/**
 * Forms shown as a message with an "open the form" button, kept briefly so the button can open the modal.
 * Only when no modal could be shown at once (after a modal submit, or a deferral); the engine's own
 * "fix my details" buttons need no cache. Values the member typed are not kept: only labels and limits.
 */
import type { FormReply } from './render';

export type CachedForm = Pick<FormReply, 'formId' | 'title' | 'fields'>;

export class FormCache {
  private readonly entries = new Map<string, { form: CachedForm; expires: number }>();

  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly capacity = 5_000,
    private readonly clock: () => number = Date.now,
  ) {}

  put(userId: string, form: FormReply): void {
    const key = `${userId}\u0000${form.formId}`;
    this.entries.delete(key);
    this.entries.set(key, {
      form: { formId: form.formId, title: form.title, fields: form.fields.map(({ value: _value, ...field }) => field) },
      expires: this.clock() + this.ttlMs,
    });
    // Maps keep insertion order: the first keys are the oldest.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  /** The form, if this member was shown it recently; another member's press finds nothing. */
  get(userId: string, formId: string): CachedForm | undefined {
    const key = `${userId}\u0000${formId}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.form;
  }
}
