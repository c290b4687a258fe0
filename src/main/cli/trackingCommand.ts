import { recognizeTrackingNumber } from '../../shared/domain/index.ts';
import { printJson, UsageError } from './output.ts';

/** `tracking <code>`: which carrier's tracking number this is, and whether its check digit holds. */
export function trackingCommand(argv: string[]): number {
  const code = argv.join(' ').trim();
  if (!code) throw new UsageError('tracking needs a code, e.g. npm run -s cli -- tracking 1Z5R89390357567127');
  const { carrier, valid, normalized, reason } = recognizeTrackingNumber(code);
  printJson({ carrier, valid, normalized, reason });
  return 0;
}
