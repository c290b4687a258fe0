import { chmodSync, closeSync, constants, mkdirSync, openSync, statSync } from 'node:fs';

// The data folder holds personal data (names, badges, images of people's mail) and PIN hashes, so
// everything the station creates is owner-only: the process umask is 077 from the first line of
// every entry point, and what already exists is checked, because a folder made by hand or by an
// older version (0755, a database at 0644) would otherwise stay readable by every local account.

const OWNER_ONLY_UMASK = 0o077;

/**
 * Files and folders created from now on are owner-only. The entry points (CLI, Electron main) call
 * it first; startStation calls it again for hosts that embed the station. A worker thread may not
 * set the umask: there the explicit modes below still hold.
 */
export function ownerOnlyUmask(): void {
  try {
    process.umask(OWNER_ONLY_UMASK);
  } catch {
    // Worker threads cannot change the process umask; the explicit modes are the guarantee there.
  }
}

const mode = (bits: number): string => `0${(bits & 0o777).toString(8)}`;

/** Tightens one existing path that group or others can reach; says so in one line. */
function tighten(file: string, ownerOnly: number, what: string, say: (line: string) => void): void {
  let bits: number;
  try {
    bits = statSync(file).mode;
  } catch {
    return; // not there (yet): created owner-only by the umask and the explicit modes
  }
  if ((bits & 0o077) === 0) return;
  chmodSync(file, ownerOnly);
  say(`mailscreen: ${what} ${file} was open to other users (mode ${mode(bits)}); it is now ${mode(ownerOnly)} (owner only)`);
}

/**
 * The data folder and the database, owner-only before the store opens: an existing folder with
 * group/other access is tightened to 0700 (one line on stderr), and a new database file is created
 * 0600 first, because SQLite gives its -wal and -shm files the database file's own mode.
 */
export function secureDataFolder(dataDir: string, dbPath: string, say: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  ownerOnlyUmask();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir, 0o700, 'the data folder', say);
  try {
    closeSync(openSync(dbPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]) tighten(file, 0o600, 'the database file', say);
}
