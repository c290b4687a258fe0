import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { CommandResult } from '../../src/shared/contract/index.ts';

const CHILD = path.resolve(import.meta.dirname, 'stationChild.ts');

/** A station process the test can SIGKILL at any point and start again on the same database. */
export class ChildStation {
  readonly dbPath: string;
  #child: ChildProcess | null = null;
  #lines: Interface | null = null;
  #pending: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];

  constructor(dbPath: string) {
    this.dbPath = dbPath;
  }

  start(): void {
    const child = spawn(process.execPath, [CHILD, this.dbPath], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.#child = child;
    this.#lines = createInterface({ input: child.stdout! });
    this.#lines.on('line', (line) => this.#pending.shift()?.resolve(line));
    // A station that dies on its own fails the waiting call at once, instead of leaving the test to its timeout.
    child.once('exit', (code, signal) => {
      if (this.#child !== child) return;
      this.#child = null;
      for (const waiting of this.#pending.splice(0)) waiting.reject(new Error(`the station process exited (${code ?? signal}) before it answered`));
    });
  }

  async call<T = unknown>(as: { badge: string; pin: string } | null, command: string, args: unknown = {}): Promise<CommandResult<T>> {
    if (!this.#child) this.start();
    const line = new Promise<string>((resolve, reject) => this.#pending.push({ resolve, reject }));
    this.#child!.stdin!.write(`${JSON.stringify({ as: as?.badge, pin: as?.pin, command, args })}\n`);
    return JSON.parse(await line) as CommandResult<T>;
  }

  /** The power cut: no chance to flush or close anything. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    this.#pending = [];
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    child.stdin!.end();
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  }
}
