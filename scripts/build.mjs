// Bundles bots/main.ts into dist/main.mjs for `npm start`. Running compiled JavaScript instead of
// transpiling TypeScript at run time saves tsx's loader thread (~35 MB of resident memory) and
// start-up time. Packages stay external; the project's own files (locales, migrations, data) are
// found from the project root at run time (src/paths.ts).
import { build } from 'esbuild';

await build({
  entryPoints: ['bots/main.ts'],
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  // Separate chunks keep each adapter (and its SDK) unloaded until it is configured.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
