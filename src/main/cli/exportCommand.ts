import { parseArgs } from 'node:util';
import { openReportsOnFile } from '../core/index.ts';
import { checkOutputFile, OutputRefused, outputDelivery } from '../reports/index.ts';
import { dayPeriod } from './dates.ts';
import { printJson, UsageError } from './output.ts';

/** `export --db <file> --from <date> --to <date> --out <file> [--by <badge>]`: the audit events of a period, verifiable elsewhere. */
export function exportCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, by: { type: 'string' } },
    strict: true,
  });
  if (!values.db || !values.from || !values.to || !values.out) throw new UsageError('export needs --db <file> --from <YYYY-MM-DD> --to <YYYY-MM-DD> --out <file>');
  // Local days, both included.
  const period = dayPeriod('export', values.from, values.to);
  let opened: ReturnType<typeof openReportsOnFile>;
  try {
    opened = openReportsOnFile(values.db);
  } catch (error) {
    throw new UsageError(`export: ${(error as Error).message}`);
  }
  try {
    let by;
    try {
      by = opened.requester(values.by);
    } catch (error) {
      throw new UsageError(`export: ${(error as Error).message}`);
    }
    let file;
    try {
      // The file is written (whole, fsynced, renamed into place) before the export event is committed.
      file = opened.reports.auditExport(period.from, period.to, by, outputDelivery(checkOutputFile(values.out, values.db)));
    } catch (error) {
      if (error instanceof OutputRefused) throw new UsageError(`export: ${error.message}`);
      throw error;
    }
    printJson({ out: values.out, events: file.events, headSeq: file.head.chainHead.seq, headHash: file.head.chainHead.hash, sha256: file.sha256 });
    return 0;
  } finally {
    opened.store.close();
  }
}
