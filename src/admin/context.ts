/** What an admin command gets: config, the database, output streams and the audit log. */
import type { Config } from '../config';
import type { Database } from '../db/client';

/** A failure the operator can fix; printed without a stack, with exit code 1. */
export class AdminError extends Error {
  override name = 'AdminError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export interface AdminContext {
  config: Config;
  db: Database;
  out(line: string): void;
  err(line: string): void;
  audit(action: string, subject?: string, details?: Record<string, unknown>): Promise<void>;
}

export type AdminCommand = {
  /** e.g. "petitions import [path]" */
  usage: string;
  summary: string;
  run(ctx: AdminContext, args: string[]): Promise<void>;
};

/** Reads "--name value" options out of args; returns the rest. */
export function takeOption(args: string[], name: string): { value: string | undefined; rest: string[] } {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return { value: undefined, rest: args };
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new AdminError(`--${name} needs a value`, 2);
  return { value, rest: [...args.slice(0, i), ...args.slice(i + 2)] };
}
