/**
 * `npm start` for the end-to-end tests: the very start-up of bots/main.ts (bots/run.ts), with the
 * sending pace matched to sped-up fakes and shorter leases. argv[2]: RunOptions as JSON.
 */
import { run, type RunOptions } from '../../bots/run';

const options = JSON.parse(process.argv[2] ?? '{}') as RunOptions;
run(options).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
