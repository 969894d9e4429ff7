/** The short-lived memory behind "open the form" buttons: per member, expiring, bounded, and without typed values. */
import { describe, expect, it } from 'vitest';
import { FormCache } from '../../../bots/discord/form-cache';
import type { FormReply } from '../../../bots/discord/render';

const form = (formId: string): FormReply => ({
  kind: 'form',
  formId,
  title: 'Your details',
  fields: [{ id: 'name', label: 'Name', required: true, maxLength: 100, value: 'Alex Chan' }],
  text: [],
});

describe('FormCache', () => {
  it('GIVEN a remembered form THEN only its member gets it back, without what they typed', () => {
    const cache = new FormCache();
    cache.put('1', form('sign:a'));
    expect(cache.get('1', 'sign:a')).toEqual({ formId: 'sign:a', title: 'Your details', fields: [{ id: 'name', label: 'Name', required: true, maxLength: 100 }] });
    expect(cache.get('2', 'sign:a')).toBeUndefined();
  });

  it('GIVEN time passing or many forms THEN old entries go', () => {
    let now = 0;
    const cache = new FormCache(1_000, 2, () => now);
    cache.put('1', form('a'));
    cache.put('1', form('b'));
    cache.put('1', form('c'));
    expect(cache.get('1', 'a')).toBeUndefined();
    expect(cache.get('1', 'b')).toBeDefined();
    now = 1_000;
    expect(cache.get('1', 'c')).toBeUndefined();
  });
});
