import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { openSiteFile, printableFileName, type SiteFileLimits } from '../files/index.ts';
import { formatOfExtension, IMAGE_EXTENSION, IMAGE_SNIFF_BYTES, imageFormatProblem, isViewable, sniffImageFormat, type ViewableImageFormat } from './xrayImageFormat.ts';

// The station's image store: content-addressed copies of cabinet images. The cabinet's folder is
// not ours (it may be a share the cabinet rewrites or cleans up, or that someone else can write
// into), so evidence is copied, never referenced, and named by its SHA-256 so the name itself
// proves the content. The source is opened once, as a site file (O_NOFOLLOW|O_NONBLOCK, fstat of
// the handle, regular and bounded), its first bytes must be a viewable image of the format its
// name says, and the copy and its hash are made from that same handle: what was checked is what
// is stored, however the name is swapped meanwhile.

export interface StoredImage {
  path: string;
  sha256: string;
  bytes: number;
  format: ViewableImageFormat;
}

/** The file is not an image the station takes (its format); one line, never quoting the file. */
export class ImageRefused extends Error {
  readonly file: string;
  readonly problem: 'format' | 'hard-link';
  readonly reason: string;
  constructor(file: string, problem: 'format' | 'hard-link', reason: string) {
    super(`${printableFileName(file)}: ${reason}`);
    this.name = 'ImageRefused';
    this.file = file;
    this.problem = problem;
    this.reason = reason;
  }
}

const CHUNK_BYTES = 256 * 1024;

async function readAt(handle: FileHandle, buffer: Buffer, position: number): Promise<number> {
  let length = 0;
  while (length < buffer.length) {
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, position + length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return length;
}

/**
 * Copies the image file `source` into `storeDir` as `<sha256>.<ext>` (ext from its content),
 * hashing the very bytes it writes. The copy goes to a temporary name first and is fsynced before
 * the rename, and the folder after it: the store never holds a half-written file under a hash
 * name, and an image stored before a power cut is still there after it. Owner-only (0o600):
 * images of people's mail are personal data. Throws SiteFileRefused (not a regular file, a
 * symlink, too big) or ImageRefused (not a viewable image of its named format) before anything is
 * copied.
 */
export async function copyIntoImageStore(source: string, storeDir: string, limits: SiteFileLimits): Promise<StoredImage> {
  const { handle, size } = await openSiteFile(source, limits);
  try {
    // A second name for a file that lives elsewhere (a hard link) does not lie inside the folder.
    if ((await handle.stat()).nlink > 1) throw new ImageRefused(source, 'hard-link', 'has other hard links (it is also a file elsewhere); only files written into the hot folder are taken');
    const head = Buffer.alloc(Math.min(IMAGE_SNIFF_BYTES, size));
    const headLength = await readAt(handle, head, 0);
    const named = formatOfExtension(extname(source));
    const actual = sniffImageFormat(head.subarray(0, headLength));
    const problem = imageFormatProblem(named, actual);
    if (problem !== null || !isViewable(actual)) throw new ImageRefused(source, 'format', problem ?? 'is not an image the viewer can show');
    return await copyFromHandle(handle, size, actual, source, storeDir);
  } finally {
    await handle.close();
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function copyFromHandle(handle: FileHandle, size: number, format: ViewableImageFormat, source: string, storeDir: string): Promise<StoredImage> {
  await mkdir(storeDir, { recursive: true, mode: 0o700 });
  const temp = join(storeDir, `.incoming-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const out = await open(temp, 'wx', 0o600);
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    // One byte past the size the handle had when it was checked: a file still growing is not taken whole.
    while (bytes <= size) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size + 1 - bytes), bytes);
      if (bytesRead === 0) break;
      const piece = chunk.subarray(0, bytesRead);
      hash.update(piece);
      await out.write(piece);
      bytes += bytesRead;
    }
    if (bytes !== size) throw new Error(`${printableFileName(source)}: changed size while it was copied; it is taken again once the cabinet has finished writing it`);
    await out.sync();
  } catch (err) {
    await out.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await out.close();
  const sha256 = hash.digest('hex');
  const path = join(storeDir, `${sha256}.${IMAGE_EXTENSION[format]}`);
  const existing = await stat(path).catch(() => null);
  if (existing?.isFile() && existing.size === bytes) {
    // Same content already stored (a re-sent image): keep the first copy untouched.
    await rm(temp, { force: true });
  } else {
    await rename(temp, path);
    // The new name is on disk too before the scan that refers to it can be committed.
    await syncFolder(storeDir);
  }
  return { path, sha256, bytes, format };
}
