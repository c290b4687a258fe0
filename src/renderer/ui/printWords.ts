import type { PrintJobState } from '../../shared/contract/index.ts';

export const PRINT_STATE_WORDS: Readonly<Record<PrintJobState, string>> = {
  queued: 'queued',
  printing: 'printing',
  printed: 'printed',
  failed: 'failed',
};
