/** Runs an admin CLI command in-process against a test app's environment and captures what it prints. */
import { runAdmin } from '../../src/admin/cli';

export interface AdminRun {
  code: number;
  out: string;
  err: string;
}

export async function runAdminCaptured(args: string[], env: Record<string, string>): Promise<AdminRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
