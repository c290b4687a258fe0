import { CONSOLE_MODE_KEY, CONSOLE_MODE_VALUE } from '../../shared/contract/index.ts';

/** Whether the page was opened at the console's address (`#token=…&mode=site`, as `site serve` prints it). */
export function isConsoleAddress(hash: string): boolean {
  return new URLSearchParams(hash.replace(/^#/, '')).get(CONSOLE_MODE_KEY) === CONSOLE_MODE_VALUE;
}
