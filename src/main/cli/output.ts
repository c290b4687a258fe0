/** The CLI prints one JSON object per line on stdout; everything else goes to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** A refusal the operator or admin can act on: printed to stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
