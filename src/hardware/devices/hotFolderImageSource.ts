import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileInFolder, isBareFileName, printableFileName, SiteFileRefused } from '../files/index.ts';
import { TypedEmitter } from '../typedEmitter.ts';
import { copyIntoImageStore, ImageRefused } from './xrayImageStore.ts';
import type { StoredImage } from './xrayImageStore.ts';

// Many cabinets export each scan as an image file into a folder. fs.watch is fast but lossy (it
// drops events on network shares, under load, and across a folder that is recreated), so a
// periodic rescan backs it up; both only nominate candidates, and a file is taken only once its
// size and mtime have stayed put for `stableMs` (a cabinet still writing it would otherwise give
// us half an image). Writers that rename into place are covered too: temporary names are skipped.
//
// Whoever can write the folder can offer files, never make the station read outside it: only a
// regular file in the folder itself is taken (a symlink, a FIFO or a device is refused without
// being opened for reading), up to a size cap, and only if its first bytes are a viewable image of
// the format its name says. A refused file is never copied; it is reported once (the 'refused'
// event: the cabinet's status and the audit log) and remembered by inode, size and mtime, so the
// rescan does not refuse it again every two seconds. Rewritten, it is a new file and looked at again.

export interface HotFolderFile extends StoredImage {
  /** The file's name in the hot folder. */
  name: string;
  sourcePath: string;
  detectedAt: string;
}

/** A file the hot folder does not take, and why (one line; nothing from the file is quoted). */
export interface HotFolderRefusal {
  /** The file's name as shown: control characters escaped. */
  file: string;
  problem: 'symlink' | 'hard-link' | 'not-regular' | 'too-big' | 'format' | 'bad-name';
  reason: string;
  /** Complete on its own, for the cabinet's status line. */
  detail: string;
}

export interface HotFolderEvents {
  file: HotFolderFile;
  problem: { detail: string };
  refused: HotFolderRefusal;
}

/** The largest image taken unless the station says otherwise (the site setting hotFolderMaxMegabytes). */
export const DEFAULT_HOT_FOLDER_MAX_BYTES = 64 * 1024 * 1024;

export interface HotFolderOptions {
  folder: string;
  imageStore: string;
  /** Unchanged size and mtime for this long means the writer is done. */
  stableMs?: number;
  rescanMs?: number;
  extensions?: readonly string[];
  /** The largest file taken, asked each time (a site setting the admin may change while running). */
  maxBytes?: () => number;
}

export const DEFAULT_IMAGE_EXTENSIONS = ['.png', '.tif', '.tiff', '.jpg', '.jpeg', '.bmp', '.dcm', '.dcs'];

/** Dotfiles and the usual "still writing" names are someone's temporary file, not an image. */
function isCandidateName(name: string, extensions: readonly string[]): boolean {
  if (name.startsWith('.') || /\.(part|tmp|partial|crdownload)$/i.test(name)) return false;
  return extensions.includes(extname(name).toLowerCase());
}

/** What a name is right now, from lstat (a symlink is seen as one, never followed). */
interface Signature {
  size: number;
  mtimeMs: number;
  ino: number;
  kind: 'file' | 'symlink' | 'other';
}

const sameSignature = (a: Signature, b: Signature): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.kind === b.kind;

/** What a named ingest gives: the stored image, a refusal, or null (never appeared complete). */
export type HotFolderIngest = HotFolderFile | { refused: HotFolderRefusal } | null;

export class HotFolderImageSource extends TypedEmitter<HotFolderEvents> {
  readonly folder: string;
  readonly imageStore: string;
  readonly #stableMs: number;
  readonly #rescanMs: number;
  readonly #extensions: readonly string[];
  readonly #maxBytes: () => number;
  #watcher: FSWatcher | null = null;
  #rescanTimer: NodeJS.Timeout | null = null;
  #running = false;
  /** What each name looked like when we last took, refused (or baselined) it: a rewrite is a new file. */
  readonly #taken = new Map<string, Signature>();
  /** One ingest per name at a time, shared by the watcher and by ingest() callers. */
  readonly #inFlight = new Map<string, Promise<HotFolderIngest>>();
  /** Names someone asked for by name while the watcher was already taking them: theirs, not news. */
  readonly #named = new Set<string>();

  constructor(options: HotFolderOptions) {
    super();
    this.folder = options.folder;
    this.imageStore = options.imageStore;
    this.#stableMs = options.stableMs ?? 500;
    this.#rescanMs = options.rescanMs ?? 2000;
    this.#extensions = (options.extensions ?? DEFAULT_IMAGE_EXTENSIONS).map((e) => e.toLowerCase());
    this.#maxBytes = options.maxBytes ?? (() => DEFAULT_HOT_FOLDER_MAX_BYTES);
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
   * or reported twice. Resolves null if the file does not appear within `timeoutMs`, and
   * { refused } if it is not a file the station takes (reported as for any other file).
   */
  async ingest(name: string, timeoutMs = 10_000): Promise<HotFolderIngest> {
    this.#named.add(name);
    try {
      return await this.#ingestOnce(name, timeoutMs, false);
    } finally {
      this.#named.delete(name);
    }
  }

  #ingestOnce(name: string, timeoutMs: number, fromWatcher: boolean): Promise<HotFolderIngest> {
    const running = this.#inFlight.get(name);
    if (running) return running;
    const job = this.#ingest(name, timeoutMs, fromWatcher).finally(() => this.#inFlight.delete(name));
    this.#inFlight.set(name, job);
    return job;
  }

  async #ingest(name: string, timeoutMs: number, fromWatcher: boolean): Promise<HotFolderIngest> {
    // A cabinet's SCAN DONE may name anything; only a bare name in the folder is looked at.
    if (!isBareFileName(name)) return this.#refuse(name, null, 'bad-name', 'is not a plain file name inside the hot folder');
    const sig = await this.#waitStable(name, timeoutMs);
    if (!sig) return null;
    const taken = this.#taken.get(name);
    // The watcher only reports new or rewritten files; a named ingest always gets its file.
    if (fromWatcher && taken && sameSignature(taken, sig)) return null;
    // Refused on what lstat says, before anything is opened for reading.
    if (sig.kind === 'symlink') return this.#refuse(name, sig, 'symlink', 'is a symbolic link; only regular files written into the hot folder are taken');
    if (sig.kind === 'other') return this.#refuse(name, sig, 'not-regular', 'is not a regular file (a FIFO, device, socket or folder); only regular files are taken');
    let sourcePath: string;
    let stored: StoredImage;
    try {
      sourcePath = fileInFolder(this.folder, name);
      stored = await copyIntoImageStore(sourcePath, this.imageStore, { maxBytes: this.#maxBytes() });
    } catch (err) {
      if (err instanceof ImageRefused) return this.#refuse(name, sig, err.problem, err.reason);
      if (err instanceof SiteFileRefused && err.problem === 'too-big') {
        return this.#refuse(name, sig, 'too-big', `is ${sig.size} bytes, over the hot folder's limit of ${Math.floor(this.#maxBytes() / (1024 * 1024))} MB (site setting "largest X-ray image"); not copied`);
      }
      if (err instanceof SiteFileRefused && (err.problem === 'symlink' || err.problem === 'not-regular' || err.problem === 'bad-name')) {
        // Swapped for something else between lstat and open: the open handle is what counts.
        return this.#refuse(name, sig, err.problem, err.message.slice(err.message.indexOf(': ') + 2));
      }
      // Vanished, still changing, unreadable, store trouble: not remembered, so it is looked at again.
      this.emit('problem', { detail: `cannot copy ${printableFileName(name)} from ${printableFileName(this.folder)} into the image store: ${err instanceof Error ? err.message : String(err)}` });
      return null;
    }
    this.#taken.set(name, sig);
    const file: HotFolderFile = { ...stored, name, sourcePath, detectedAt: new Date().toISOString() };
    if (fromWatcher && !this.#named.has(name)) this.emit('file', file);
    return file;
  }

  /** Never copied; reported once per version of the file (name, inode, size, mtime). */
  #refuse(name: string, sig: Signature | null, problem: HotFolderRefusal['problem'], reason: string): { refused: HotFolderRefusal } {
    if (sig) this.#taken.set(name, sig);
    const file = printableFileName(name);
    const refusal: HotFolderRefusal = { file, problem, reason, detail: `hot folder file ${file} refused: ${reason}` };
    this.emit('refused', refusal);
    return { refused: refusal };
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
      const s = await lstat(fileInFolder(this.folder, name));
      return { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, kind: s.isFile() ? 'file' : s.isSymbolicLink() ? 'symlink' : 'other' };
    } catch {
      return null;
    }
  }

  async #list(): Promise<string[]> {
    try {
      return (await readdir(this.folder)).filter((name) => isCandidateName(name, this.#extensions));
    } catch (err) {
      this.emit('problem', { detail: `cannot read hot folder ${printableFileName(this.folder)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}` });
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
