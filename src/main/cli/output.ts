import { escapeControlCharacters, printableFileName, SiteFileRefused } from '../../hardware/index.ts';

/** The reader of the CLI's output went away (`search … | head`): the command ends there, quietly, exit 0. */
export class OutputClosed extends Error {
  override name = 'OutputClosed';
}

let outputFailureSeen = false;

/**
 * Writes to stdout; once the reader has gone (EPIPE) throws OutputClosed, so a command stops
 * instead of writing on into nothing. On Linux a pipe's writes are synchronous, so the stream
 * knows it failed as soon as write returns.
 */
export function printText(text: string): void {
  if (!process.stdout.errored) process.stdout.write(text);
  const failed = process.stdout.errored as NodeJS.ErrnoException | null;
  if (failed) {
    outputFailureSeen = true;
    if (failed.code === 'EPIPE') throw new OutputClosed('the reader of the output has gone');
    throw failed;
  }
}

/** The CLI prints one JSON object per line on stdout; everything else goes to stderr. */
export function printJson(value: unknown): void {
  printText(`${JSON.stringify(value)}\n`);
}

/**
 * Stdout emits a failed write as an 'error' event after the write: without a listener Node prints
 * it as an uncaught stack. A reader that went away is no failure; any other write error not yet
 * reported through printText (a stream that fails later than its write) is one line and exit 1.
 */
export function quietStdoutErrors(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || outputFailureSeen) return;
    outputFailureSeen = true;
    process.stderr.write(`mailscreen: the output could not be written (${error.code ?? error.message})\n`);
    process.exitCode = 1;
  });
}

/** What the admin typed, quoted for a one-line refusal: control characters escaped, at most 80 characters. */
export function quoted(text: string): string {
  const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return escapeControlCharacters(JSON.stringify(cut));
}

/** A refusal the operator or admin can act on: printed to stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Errors of the file system that say what to fix in the command line or on the machine. */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'already exists',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/** One line, control characters escaped, at most 1000 characters, whatever the error carries. */
function oneLine(text: string): string {
  // A line break becomes a space (the line stays readable); every other control character is escaped.
  const escaped = escapeControlCharacters(text.replaceAll('\n', ' '));
  return escaped.length > 1000 ? `${escaped.slice(0, 1000)}…` : escaped;
}

export const DEBUG_HINT = 'run with MAILSCREEN_DEBUG=1 for the stack';

/**
 * How the CLI reports an error that reached the top: a refusal the admin can act on (a UsageError,
 * a file refused as a site file, a file system error with its path, a database newer than this
 * code) is one line and exit 2; anything else is a fault of the CLI itself: one line, a hint how
 * to see the stack, exit 1. The stack is printed only with MAILSCREEN_DEBUG=1.
 */
export function describeFailure(error: unknown, debug = process.env.MAILSCREEN_DEBUG === '1'): { text: string; exitCode: number } {
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  // The CLI's own refusals are written to be shown as they are (some add the usage below).
  if (error instanceof UsageError) return { text: `mailscreen: ${error.message}${stack}\n`, exitCode: 2 };
  if (error instanceof SiteFileRefused || (error instanceof Error && error.name === 'SchemaTooNewError')) {
    return { text: `mailscreen: ${oneLine(error.message)}${stack}\n`, exitCode: 2 };
  }
  const errno = error as NodeJS.ErrnoException | null;
  if (errno instanceof Error && typeof errno.code === 'string' && FILE_ERRORS[errno.code] && typeof errno.path === 'string') {
    return { text: `mailscreen: ${printableFileName(errno.path)}: ${FILE_ERRORS[errno.code]} (${errno.code})${stack}\n`, exitCode: 2 };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { text: `mailscreen: failed: ${oneLine(message)}${debug ? stack : ` (${DEBUG_HINT})`}\n`, exitCode: 1 };
}
