import { inspect } from 'node:util';

/**
 * Where the main process says what went wrong (or what it did about it) outside any screen's
 * answer: one port, injected, so a component never writes to the console with a prefix typed by
 * hand, and a test (or a future host) can hold the lines instead of the terminal.
 */
export interface Log {
  /** Whose lines these are: the station ("mailscreen"), the print queue, the SOP library, … */
  readonly component: string;
  info(message: string, cause?: unknown): void;
  warn(message: string, cause?: unknown): void;
  error(message: string, cause?: unknown): void;
  /** The same destination under another component's name. */
  as(component: string): Log;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** One line as the station has always written it: `component: message`, then the cause as console.error shows it. */
export function logLine(component: string, message: string, cause?: unknown): string {
  const parts = [`${component}:`];
  if (message) parts.push(message);
  if (cause !== undefined) parts.push(typeof cause === 'string' ? cause : inspect(cause));
  return parts.join(' ');
}

/** A log that hands each formatted line to `write`. */
export function lineLog(component: string, write: (level: LogLevel, line: string) => void): Log {
  const at = (level: LogLevel) => (message: string, cause?: unknown) => write(level, logLine(component, message, cause));
  return { component, info: at('info'), warn: at('warn'), error: at('error'), as: (other) => lineLog(other, write) };
}

/** The default: every line to stderr (the journal under systemd, the terminal under `npm run web`). */
export function stderrLog(component = 'mailscreen'): Log {
  return lineLog(component, (_level, line) => {
    process.stderr.write(`${line}\n`);
  });
}

/** Lines kept in memory, for tests that read what a component said. */
export function memoryLog(component = 'mailscreen'): Log & { readonly lines: string[] } {
  const lines: string[] = [];
  return Object.assign(lineLog(component, (_level, line) => lines.push(line)), { lines });
}
