import { constants, fstatSync, openSync, readSync, closeSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

// Files that someone other than the station controls (the hot folder a cabinet writes into, the
// site's SOP folder, station.json, a backup folder, a restore source) are opened one way only:
// - the name is a bare name inside the folder (no separator, no "..", no NUL), so the folder is
//   the only directory on the path and O_NOFOLLOW on the last component refuses a symlink;
// - O_NONBLOCK, so a FIFO or a device node cannot freeze the station in open();
// - the *open handle* is fstat'ed, so what is checked is what is read (no check-then-swap race);
// - only a regular file of at most maxBytes is read, and reading stops at maxBytes + 1.
// Errors name the file (control characters escaped) and never quote its content.

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export type SiteFileProblem = 'bad-name' | 'missing' | 'symlink' | 'not-regular' | 'too-big' | 'unreadable';

export class SiteFileRefused extends Error {
  readonly problem: SiteFileProblem;
  readonly file: string;
  constructor(problem: SiteFileProblem, file: string, message: string) {
    super(message);
    this.name = 'SiteFileRefused';
    this.problem = problem;
    this.file = file;
  }
}

/** Text from outside (a file name, an error) as it may be shown or logged: every control character as \\uXXXX. */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A file name as it may be shown to a person or written to a log: control characters escaped, length capped. */
export function printableFileName(name: string): string {
  const escaped = escapeControlCharacters(name);
  return escaped.length > 200 ? `${escaped.slice(0, 200)}…` : escaped;
}

/** True when `name` is one bare entry name: what a site folder may hold. */
export function isBareFileName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\\') && !name.includes('\0');
}

function refusal(problem: SiteFileProblem, file: string, detail: string): SiteFileRefused {
  return new SiteFileRefused(problem, file, `${printableFileName(file)}: ${detail}`);
}

function refusalFromOpenError(error: unknown, file: string): SiteFileRefused {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return refusal('missing', file, 'no such file');
  // O_NOFOLLOW on a symlink fails with ELOOP (Linux) or EMLINK (some BSDs).
  if (code === 'ELOOP' || code === 'EMLINK') return refusal('symlink', file, 'is a symbolic link; only regular files inside the folder are read');
  if (code === 'EISDIR') return refusal('not-regular', file, 'is a folder, not a file');
  if (code === 'ENXIO') return refusal('not-regular', file, 'is a special file (socket or device), not a regular file');
  return refusal('unreadable', file, `could not be opened (${code ?? 'error'})`);
}

function checkStats(stats: Stats, file: string, maxBytes: number): void {
  if (!stats.isFile()) throw refusal('not-regular', file, 'is not a regular file (a FIFO, device, socket or folder); only regular files are read');
  if (stats.size > maxBytes) throw refusal('too-big', file, `is ${stats.size} bytes, over the limit of ${maxBytes}`);
}

/** Joins a bare name to its folder, refusing anything that is not a bare name. */
export function fileInFolder(folder: string, name: string): string {
  if (!isBareFileName(name)) throw refusal('bad-name', name, 'is not a plain file name inside the folder');
  return path.join(folder, name);
}

export interface SiteFileLimits {
  /** The largest file that is read; anything bigger is refused before a byte is read. */
  maxBytes: number;
}

/**
 * Reads one regular file that the site controls, synchronously (small files read at start:
 * station.json, SOP files). `file` is a full path; its last component must not be a symlink.
 */
export function readSiteFileSync(file: string, limits: SiteFileLimits): Buffer {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw refusalFromOpenError(error, file);
  }
  try {
    const stats = fstatSync(fd);
    checkStats(stats, file, limits.maxBytes);
    // One byte more than the file claims, so a file that grows past its stat is noticed.
    const buffer = Buffer.alloc(Math.min(stats.size, limits.maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length === buffer.length) throw refusal('unreadable', file, 'grew while it was read; it is read again once the writer has finished');
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** The same checks, for a file read asynchronously (it may be big, e.g. an X-ray image). */
export async function openSiteFile(file: string, limits: SiteFileLimits): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (error) {
    throw refusalFromOpenError(error, file);
  }
  try {
    const stats = await handle.stat();
    checkStats(stats, file, limits.maxBytes);
    return { handle, size: stats.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Reads a whole site-controlled file asynchronously, bounded by maxBytes. */
export async function readSiteFile(file: string, limits: SiteFileLimits): Promise<Buffer> {
  const { handle, size } = await openSiteFile(file, limits);
  try {
    const buffer = Buffer.alloc(Math.min(size, limits.maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) throw refusal('unreadable', file, 'grew while it was read; it is read again once the writer has finished');
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** Text of a site file as UTF-8, a leading byte-order mark dropped (editors on Windows add one). */
export function siteFileText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
