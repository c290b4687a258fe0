import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { tempDir } from './station.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The real station as a site runs it: `npm run -s cli -- serve` in its own process (same entry,
 * same Node), which the test can SIGKILL at any moment and start again on the same data folder.
 */
export class ServedStation {
  readonly dataDir: string;
  readonly dbPath: string;
  readonly #renderer: string;
  #child: ChildProcess | null = null;
  #stderr = '';

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.dbPath = path.join(dataDir, 'mailscreen.sqlite');
    // serve wants built screens; the tests talk to the WebSocket only, so a page is enough.
    this.#renderer = tempDir();
    mkdirSync(this.#renderer, { recursive: true });
    writeFileSync(path.join(this.#renderer, 'index.html'), '<!doctype html><title>Mailscreen</title>');
  }

  /** Starts `serve` and resolves to the URL it prints (token in the fragment) once it serves. */
  async start(): Promise<string> {
    if (this.#child) throw new Error('the station is already running');
    this.#stderr = '';
    const child = spawn(process.execPath, [path.join(ROOT, 'src/main/cli/main.ts'), 'serve', '--db', this.dbPath, '--data', this.dataDir, '--renderer', this.#renderer], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MAILSCREEN_VALIDATE_RESPONSES: '1' },
    });
    this.#child = child;
    child.stderr!.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout! });
    return new Promise<string>((resolve, reject) => {
      child.once('exit', (code, signal) => reject(new Error(`serve exited (${code ?? signal}) before it served: ${this.#stderr}`)));
      lines.once('line', (line) => {
        try {
          resolve((JSON.parse(line) as { url: string }).url);
        } catch {
          reject(new Error(`serve printed ${line}, not its URL`));
        }
      });
    });
  }

  /** The power cut: SIGKILL, no chance to flush or close anything. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** What the station said on stderr lately (for a failing test's message). */
  get stderr(): string {
    return this.#stderr;
  }
}
