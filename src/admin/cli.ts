/** `npm run admin -- <command>`: petitions, exports, stats and more, with clear errors and exit codes. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../config';
import { openDatabase } from '../db/client';
import { migrate } from '../db/migrate';
import { AdminError, type AdminCommand, type AdminContext } from './context';
import { petitionCommands } from './commands/petitions';
import { exportCommand } from './commands/export';
import { statsCommand } from './commands/stats';
import { twinCommands } from './commands/twins';
import { broadcastCommands } from './commands/broadcast';

/** Every command, by its words. Features add theirs here. */
export const adminCommands: Record<string, AdminCommand> = {
  ...petitionCommands,
  export: exportCommand,
  stats: statsCommand,
  ...twinCommands,
  ...broadcastCommands,
};

function usage(): string {
  const width = Math.max(...Object.values(adminCommands).map((c) => c.usage.length));
  return ['usage: npm run admin -- <command>', '', ...Object.values(adminCommands).map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)].join('\n');
}

/** Finds the longest run of leading words that names a command. */
function resolve(args: string[]): { command: AdminCommand; rest: string[] } | null {
  for (let n = Math.min(3, args.length); n > 0; n--) {
    const command = adminCommands[args.slice(0, n).join(' ')];
    if (command) return { command, rest: args.slice(n) };
  }
  return null;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Runs one command and returns the exit code: 0 done, 1 failed, 2 usage, 78 configuration. */
export async function runAdmin(args: string[], env?: Record<string, string | undefined>, io: CliIo = { out: console.log, err: console.error }): Promise<number> {
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help') {
    io.out(usage());
    return args.length === 0 ? 2 : 0;
  }
  const found = resolve(args);
  if (!found) {
    io.err(`unknown command: ${args.join(' ')}\n\n${usage()}`);
    return 2;
  }
  let config: Config;
  try {
    config = env ? loadConfig(env) : loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 78;
    }
    throw error;
  }
  await migrate(config.databaseUrl);
  const db = await openDatabase(config.databaseUrl);
  const ctx: AdminContext = {
    config,
    db,
    out: io.out,
    err: io.err,
    async audit(action, subject, details) {
      await db.prisma.auditLog.create({ data: { actor: 'cli', action, subject: subject ?? null, details: details ? JSON.stringify(details) : null } });
    },
  };
  try {
    await found.command.run(ctx, found.rest);
    return 0;
  } catch (error) {
    if (error instanceof AdminError) {
      io.err(`error: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  } finally {
    await db.close();
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  runAdmin(process.argv.slice(2), undefined).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
