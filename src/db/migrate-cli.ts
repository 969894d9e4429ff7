/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (start-up does the same on its own). */
import { loadConfig } from '../config';
import { migrate } from './migrate';

const config = loadConfig();
migrate(config.databaseUrl).then(
  (applied) => {
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
