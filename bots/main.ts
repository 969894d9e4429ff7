/** `npm start`: builds the app from the environment and runs every configured adapter and the broadcast sender (the console when none is). */
import { run } from './run';

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
