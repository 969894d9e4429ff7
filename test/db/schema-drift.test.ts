/** The PostgreSQL schema is derived from the SQLite one, and the committed migrations match the schema. */
import { describe, expect, it } from 'vitest';
import { checkDrift } from '../../prisma/derive-postgres';

describe('schema drift', () => {
  it('GIVEN the committed schemas and migrations THEN nothing has drifted', () => {
    expect(checkDrift()).toEqual([]);
  });
});
