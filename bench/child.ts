/** Runs a program as a child process (a built .mjs on plain node, as `npm start` does, or a .ts through the tsx CLI) and reads its memory and CPU from /proc. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSX_CLI = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface ChildOptions {
  /** Script relative to the project root, e.g. bots/main.ts. */
  script: string;
  args?: string[];
  env: Record<string, string>;
  /** Extra flags for the node process that runs the script (e.g. --cpu-prof). */
  nodeFlags?: string[];
}

/**
 * The tsx CLI is a wrapper: it spawns a second node process that runs the script. `pid` is the
 * wrapper (what `npm start` leaves you), `botPid` the process doing the work: the one to measure
 * and the one to SIGKILL in a crash test.
 */
export class Child {
  readonly startedAt = Date.now();
  private stderrTail = '';
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private botPidValue: number | undefined;

  /** Warnings and errors the bot logged (pino JSON lines, level ≥ 40), counted by message. */
  readonly logged = new Map<string, number>();
  private partial = '';

  private constructor(private readonly process: ChildProcess, private readonly direct: boolean) {
    const keep = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      this.stderrTail = (this.stderrTail + text).slice(-8000);
      const lines = (this.partial + text).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.count(line);
    };
    process.stderr?.on('data', keep);
    process.stdout?.on('data', keep);
    this.exited = new Promise((resolve) =>
      process.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      }),
    );
  }

  static start(options: ChildOptions): Child {
    // Node flags before the script: the tsx wrapper hands them to the inner node process.
    const flags = options.nodeFlags ?? [];
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env };
    // A built bundle runs on plain node (one process); TypeScript goes through the tsx wrapper.
    const direct = options.script.endsWith('.mjs');
    const argv = direct ? [...flags, options.script, ...(options.args ?? [])] : [TSX_CLI, ...flags, options.script, ...(options.args ?? [])];
    const child = spawn(process.execPath, argv, {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so cleanup can reach the inner process even if the wrapper is gone.
      detached: true,
    });
    return new Child(child, direct);
  }

  private count(line: string): void {
    if (!line.startsWith('{')) return;
    try {
      type Described = { kind?: string; name?: string; errorCode?: string; description?: string; message?: string };
      const entry = JSON.parse(line) as { level?: number; msg?: string; error?: Described; err?: Described };
      if ((entry.level ?? 0) < 40) return;
      const e = entry.error ?? entry.err;
      const detail = e && [e.kind ?? e.name, e.errorCode, e.description ?? e.message].filter(Boolean).join(' ');
      const key = `${entry.level! >= 50 ? 'error' : 'warning'}: ${entry.msg ?? '?'}${detail ? ` (${detail.slice(0, 120)})` : ''}`;
      this.logged.set(key, (this.logged.get(key) ?? 0) + 1);
    } catch {
      // Not a log line.
    }
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  get log(): string {
    return this.stderrTail;
  }

  /** The inner node process that runs the script (found through /proc once the wrapper has spawned it). */
  async botPid(timeoutMs = 15_000): Promise<number> {
    if (this.botPidValue !== undefined) return this.botPidValue;
    if (this.direct) return (this.botPidValue = this.pid);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.hasExited) throw new Error(`child exited before starting its script:\n${this.log}`);
      const found = childrenOf(this.pid)[0];
      if (found !== undefined) {
        this.botPidValue = found;
        return found;
      }
      await sleep(20);
    }
    throw new Error(`no inner process under the tsx wrapper ${this.pid} after ${timeoutMs} ms`);
  }

  /** SIGTERM and wait; SIGKILL the whole group if it does not exit in time. */
  async stop(timeoutMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.hasExited) this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.killGroup(), timeoutMs);
    const info = await this.exited;
    clearTimeout(timer);
    this.killGroup();
    return info;
  }

  /** Kills the process doing the work with SIGKILL, as the kernel's OOM killer or a power cut would. */
  async killBot(): Promise<void> {
    const pid = await this.botPid();
    process.kill(pid, 'SIGKILL');
    await this.exited;
    this.killGroup();
  }

  /** Last-resort cleanup of anything left in the child's process group. */
  killGroup(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export function childrenOf(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

export interface MemoryReading {
  /** Resident set now, MB. */
  rssMb: number;
  /** Peak resident set since the process started (VmHWM), MB. */
  peakRssMb: number;
}

/** VmRSS and VmHWM from /proc/<pid>/status; undefined when the process is gone. */
export function readMemory(pid: number): MemoryReading | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

/** User + system CPU time of a process so far, in seconds (from /proc/<pid>/stat). */
export function readCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return undefined;
  }
}

/** CPU time all processes on the machine have used so far (every core, idle and iowait excluded), in seconds. */
export function readMachineBusySeconds(): number | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, ...ticks] = line.trim().split(/\s+/).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return undefined;
  }
}

/** A port that was free a moment ago (the webhook URL must name it before the bot listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
