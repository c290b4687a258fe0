import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { WindowCheck } from './chainWindow.ts';

/**
 * The hash check of a window inside SQLite, by the station's own extension
 * (native/mailscreen_chain.c, built by `npm run build:native` into out/native): the same rule as
 * the JavaScript window (chainWindow.ts) on the rows' own columns, hashed with the CPU's SHA
 * instructions where it has them (issue 15, point 1; docs/verify-speed.md). Where it is not built
 * or cannot load (another CPU or system), the JavaScript window checks as before: same verdicts.
 */
// SQLite finds its entry point by the file's name: sqlite3_mailscreenchain_init.
export const NATIVE_EXTENSION = 'mailscreen_chain.so';

/**
 * The extension beside the code: out/native/ from the sources (this module is
 * src/main/store/verify/nativeWindow.ts) and from a bundle in out/main/. In the packaged station
 * the bundle is inside app.asar, which cannot be dlopen'd from: electron-builder unpacks out/native
 * beside it (asarUnpack). Never a path from a setting or a site folder: it is code the station runs.
 */
export function nativeExtensionFile(moduleUrl: string = import.meta.url): string {
  const url = moduleUrl.endsWith('.cjs') ? new URL(`../native/${NATIVE_EXTENSION}`, moduleUrl) : new URL(`../../../../out/native/${NATIVE_EXTENSION}`, moduleUrl);
  return fileURLToPath(url).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** Connections the extension is loaded into already (a connection keeps it until it closes). */
const loaded = new WeakSet<Database.Database>();

/** Loads the extension into `db`: whether it is there (false when it is not built or will not load here). */
export function loadChainExtension(db: Database.Database, file: string = nativeExtensionFile()): boolean {
  if (loaded.has(db)) return true;
  if (!existsSync(file)) return false;
  try {
    db.loadExtension(file);
  } catch {
    return false;
  }
  loaded.add(db);
  return true;
}

/** Whether the extension is loaded into `db` (the windows checked on it were checked in SQLite). */
export function chainExtensionLoaded(db: Database.Database): boolean {
  return loaded.has(db);
}

export interface NativeWindowOptions {
  /** The extension file (tests); default: the station's own build. */
  file?: string;
  /** Hash with the portable SHA-256 even on a CPU with SHA instructions (tests hold both). */
  portable?: boolean;
}

const words = (set: Iterable<unknown>): string => [...set].filter((w): w is string => typeof w === 'string').join('\n');

/**
 * The native window check on `db`, or null when the extension is not there. `subjectTypes` and
 * `modes` are the plain words of this version (a word holds no control character, so '\n' parts them).
 */
export function nativeWindowCheck(db: Database.Database, subjectTypes: Iterable<unknown>, modes: Iterable<unknown>, options: NativeWindowOptions = {}): WindowCheck | null {
  // As the JavaScript window: a store whose text is not UTF-8 goes row by row (SQLite would convert
  // it for the extension, and what a conversion makes of a lone surrogate is not a question worth a
  // fast way for a store the station never writes).
  if (db.pragma('encoding', { simple: true }) !== 'UTF-8') return null;
  if (!loadChainExtension(db, options.file)) return null;
  let statement: Database.Statement<unknown[], string | null>;
  try {
    const fn = options.portable ? 'mailscreen_chain_window_portable' : 'mailscreen_chain_window';
    statement = db
      .prepare<unknown[], string | null>(`SELECT ${fn}(?, CAST(? AS INTEGER), ?, ?, ?, hash, prev_hash, actor, at, kind, mode, payload, seq, station, subject_id, subject_type) FROM audit_events WHERE seq >= ? AND seq <= ?`)
      .pluck();
  } catch {
    return null;
  }
  const types = words(subjectTypes);
  const modeWords = words(modes);
  return (walk, from, to) => {
    let text: string | null | undefined;
    try {
      text = statement.get(walk.rows === 0 ? 1 : 0, walk.prevSeq, walk.prevHash, types, modeWords, from, to);
    } catch {
      return null;
    }
    if (typeof text !== 'string') return null;
    // "<events>\n<first seq>\n<last seq>\n<last hash>\n<first prev_hash>": a prev_hash that held is plain (no '\n').
    const [events, firstSeq, lastSeq, lastHash, firstPrevHash, ...rest] = text.split('\n');
    if (rest.length > 0 || firstPrevHash === undefined) return null;
    // The first event's link is the caller's to check only where the stretch begins (as windowHolds gives it).
    return { events: Number(events), firstSeq: Number(firstSeq), firstPrevHash: walk.rows === 0 ? firstPrevHash : '', lastSeq: Number(lastSeq), lastHash: lastHash! };
  };
}

/** Whether the extension on `db` hashes with the CPU's SHA instructions (false too when it is not loaded). */
export function nativeUsesShaInstructions(db: Database.Database): boolean {
  if (!chainExtensionLoaded(db)) return false;
  return db.prepare<[], number>('SELECT mailscreen_chain_sha_ni()').pluck().get() === 1;
}
