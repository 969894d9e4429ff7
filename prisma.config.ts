/** Prisma CLI configuration: the JavaScript schema engine over a driver adapter, so no native engine is downloaded. */
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  engine: 'js',
  async adapter() {
    return new PrismaBetterSQLite3({ url: 'file:./data/petition.db' });
  },
});
