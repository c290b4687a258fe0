import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { TypedEmitter } from '../typedEmitter.ts';
import { copyIntoImageStore } from './xrayImageStore.ts';
import type { StoredImage } from './xrayImageStore.ts';

// Many cabinets export each scan as an image file into a folder. fs.watch is fast but lossy (it
// drops events on network shares, under load, and across a folder that is recreated), so a
// periodic rescan backs it up; both only nominate candidates, and a file is taken only once its
// size and mtime have stayed put for `stableMs` (a cabinet still writing it would otherwise give
// us half an image). Writers that rename into place are covered too: temporary names are skipped.

export interface HotFolderFile extends StoredImage {
  /** The file's name in the hot folder. */
  name: string;
  sourcePath: string;
  detectedAt: string;
}

export interface HotFolderEvents {
  file: HotFolderFile;
  problem: { detail: string };
}

export interface HotFolderOptions {
  folder: string;
  imageStore: string;
  /** Unchanged size and mtime for this long means the writer is done. */
  stableMs?: number;
  rescanMs?: number;
  extensions?: readonly string[];
}

export const DEFAULT_IMAGE_EXTENSIONS = ['.png', '.tif', '.tiff', '.jpg', '.jpeg', '.bmp', '.dcm', '.dcs'];

/** Dotfiles and the usual "still writing" names are someone's temporary file, not an image. */
function isCandidateName(name: string, extensions: readonly string[]): boolean {
  if (name.startsWith('.') || /\.(part|tmp|partial|crdownload)$/i.test(name)) return false;
  return extensions.includes(extname(name).toLowerCase());
}

interface Signature {
  size: number;
  mtimeMs: number;
}

const sameSignature = (a: Signature, b: Signature): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs;

export class HotFolderImageSource extends TypedEmitter<HotFolderEvents> {
  readonly folder: string;
  readonly imageStore: string;
  readonly #stableMs: number;
  readonly #rescanMs: number;
  readonly #extensions: readonly string[];
  #watcher: FSWatcher | null = null;
  #rescanTimer: NodeJS.Timeout | null = null;
  #running = false;
  /** What each name looked like when we last took (or baselined) it: a rewrite is a new image. */
  readonly #taken = new Map<string, Signature>();
  /** One ingest per name at a time, shared by the watcher and by ingest() callers. */
  readonly #inFlight = new Map<string, Promise<HotFolderFile | null>>();
  /** Names someone asked for by name while the watcher was already taking them: theirs, not news. */
  readonly #named = new Set<string>();

  constructor(options: HotFolderOptions) {
    super();
    this.folder = options.folder;
    this.imageStore = options.imageStore;
    this.#stableMs = options.stableMs ?? 500;
    this.#rescanMs = options.rescanMs ?? 2000;
    this.#extensions = (options.extensions ?? DEFAULT_IMAGE_EXTENSIONS).map((e) => e.toLowerCase());
  }

  /**
   * Starts watching. Files already in the folder are baselined, not reported: they are earlier
   * scans (we copy, never delete, so the folder keeps them), and attaching them to whatever is
   * scanned next would be wrong.
   */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    for (const name of await this.#list()) {
      const sig = await this.#signature(name);
      if (sig) this.#taken.set(name, sig);
    }
    if (!this.#running) return;
    this.#watch();
    this.#rescanTimer = setInterval(() => void this.#rescan(), this.#rescanMs);
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#watcher?.close();
    this.#watcher = null;
    if (this.#rescanTimer) clearInterval(this.#rescanTimer);
    this.#rescanTimer = null;
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  /**
   * Takes one named file (a cabinet said it wrote it): waits until it is complete, copies it into
   * the store and returns it. The same call from the watcher is shared, so a file is never copied
   * or reported twice. Resolves null if the file does not appear within `timeoutMs`.
   */
  async ingest(name: string, timeoutMs = 10_000): Promise<HotFolderFile | null> {
    this.#named.add(name);
    try {
      return await this.#ingestOnce(name, timeoutMs, false);
    } finally {
      this.#named.delete(name);
    }
  }

  #ingestOnce(name: string, timeoutMs: number, fromWatcher: boolean): Promise<HotFolderFile | null> {
    const running = this.#inFlight.get(name);
    if (running) return running;
    const job = this.#ingest(name, timeoutMs, fromWatcher).finally(() => this.#inFlight.delete(name));
    this.#inFlight.set(name, job);
    return job;
  }

  async #ingest(name: string, timeoutMs: number, fromWatcher: boolean): Promise<HotFolderFile | null> {
    const sig = await this.#waitStable(name, timeoutMs);
    if (!sig) return null;
    const taken = this.#taken.get(name);
    // The watcher only reports new or rewritten files; a named ingest always gets its file.
    if (fromWatcher && taken && sameSignature(taken, sig)) return null;
    const sourcePath = join(this.folder, name);
    let stored: StoredImage;
    try {
      stored = await copyIntoImageStore(sourcePath, this.imageStore);
    } catch (err) {
      this.emit('problem', { detail: `cannot copy ${sourcePath} into the image store: ${err instanceof Error ? err.message : String(err)}` });
      return null;
    }
    this.#taken.set(name, sig);
    const file: HotFolderFile = { ...stored, name, sourcePath, detectedAt: new Date().toISOString() };
    if (fromWatcher && !this.#named.has(name)) this.emit('file', file);
    return file;
  }

  async #waitStable(name: string, timeoutMs: number): Promise<Signature | null> {
    const deadline = Date.now() + timeoutMs;
    const poll = Math.max(10, Math.min(100, Math.floor(this.#stableMs / 4)));
    let last: Signature | null = null;
    let since = Date.now();
    for (;;) {
      const sig = await this.#signature(name);
      if (sig && last && sameSignature(sig, last)) {
        if (Date.now() - since >= this.#stableMs) return sig;
      } else {
        last = sig;
        since = Date.now();
      }
      if (Date.now() > deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, poll));
    }
  }

  async #signature(name: string): Promise<Signature | null> {
    try {
      const s = await stat(join(this.folder, name));
      return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
    } catch {
      return null;
    }
  }

  async #list(): Promise<string[]> {
    try {
      return (await readdir(this.folder)).filter((name) => isCandidateName(name, this.#extensions));
    } catch (err) {
      this.emit('problem', { detail: `cannot read hot folder ${this.folder}: ${err instanceof Error ? err.message : String(err)}` });
      return [];
    }
  }

  #watch(): void {
    try {
      const watcher = watch(this.folder, (_event, filename) => {
        if (typeof filename === 'string') this.#nominate(filename);
      });
      // A vanished folder or a dead share: the rescan carries on and re-arms the watcher.
      watcher.on('error', () => {
        watcher.close();
        if (this.#watcher === watcher) this.#watcher = null;
      });
      this.#watcher = watcher;
    } catch {
      this.#watcher = null;
    }
  }

  async #rescan(): Promise<void> {
    if (!this.#running) return;
    if (!this.#watcher) this.#watch();
    for (const name of await this.#list()) this.#nominate(name);
  }

  #nominate(name: string): void {
    if (!this.#running || !isCandidateName(name, this.#extensions) || this.#inFlight.has(name)) return;
    void (async () => {
      const sig = await this.#signature(name);
      const taken = this.#taken.get(name);
      if (!sig || (taken && sameSignature(taken, sig))) return;
      await this.#ingestOnce(name, Math.max(10_000, this.#stableMs * 10), true);
    })();
  }
}
