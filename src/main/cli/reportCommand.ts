import { parseArgs } from 'node:util';
import { StationFailure } from '../../shared/contract/index.ts';
import { openReportsOnFile } from '../core/index.ts';
import { checkOutputFile, OutputRefused, outputDelivery, type OutputTarget } from '../reports/index.ts';
import type { ReportFile } from '../reports/index.ts';
import { calendarDay } from './dates.ts';
import { ITEM_FORMS, oneItemNamedBy } from './itemArgument.ts';
import { printJson, UsageError } from './output.ts';

const KINDS = ['incident', 'custody', 'daily'] as const;

/**
 * `report incident --db <file> --incident <number> --out <file.pdf>`
 * `report custody --db <file> --item <custody ID, tracking number or scanned code> --out <file.pdf>`
 * `report daily --db <file> --date YYYY-MM-DD --out <file.pdf|.csv> [--mode live|training]`
 */
export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      out: { type: 'string' },
      incident: { type: 'string' },
      item: { type: 'string' },
      date: { type: 'string' },
      mode: { type: 'string' },
      by: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const kind = positionals[0] as (typeof KINDS)[number] | undefined;
  if (!kind || !KINDS.includes(kind) || positionals.length > 1) throw new UsageError(`report needs one of: ${KINDS.join(', ')}`);
  if (!values.db || !values.out) throw new UsageError(`report ${kind} needs --db <file> and --out <file>`);
  let opened: ReturnType<typeof openReportsOnFile>;
  try {
    opened = openReportsOnFile(values.db);
  } catch (error) {
    throw new UsageError(`report: ${(error as Error).message}`);
  }
  try {
    let target: OutputTarget;
    try {
      target = checkOutputFile(values.out, values.db);
    } catch (error) {
      if (error instanceof OutputRefused) throw new UsageError(`report ${kind}: ${error.message}`);
      throw error;
    }
    const delivery = outputDelivery(target);
    const by = (() => {
      try {
        return opened.requester(values.by);
      } catch (error) {
        throw new UsageError(`report: ${(error as Error).message}`);
      }
    })();
    let file: ReportFile;
    try {
      if (kind === 'incident') {
        if (!values.incident) throw new UsageError('report incident needs --incident <number>, e.g. INC-2026-0001');
        file = await opened.reports.incidentReport(opened.reports.incidentIdByNumber(values.incident), by, delivery);
      } else if (kind === 'custody') {
        if (!values.item) throw new UsageError(`report custody needs --item: ${ITEM_FORMS}`);
        const custodyId = oneItemNamedBy({ audit: opened.store.audit, lookups: opened.store.reader.lookups }, values.item, 'report custody');
        file = await opened.reports.custodyForm(custodyId, by, delivery);
      } else {
        if (!values.date) throw new UsageError('report daily needs --date YYYY-MM-DD');
        const date = calendarDay('report daily: --date', values.date);
        const format = values.out.toLowerCase().endsWith('.csv') ? 'csv' : values.out.toLowerCase().endsWith('.pdf') ? 'pdf' : null;
        if (!format) throw new UsageError('report daily: --out must end in .pdf or .csv');
        const mode = values.mode ?? 'live';
        if (mode !== 'live' && mode !== 'training') throw new UsageError('report daily: --mode is live (real mail only) or training (live and demo records)');
        file = await opened.reports.dailyLog(date, format, by, { mode, delivery });
      }
    } catch (error) {
      if (error instanceof StationFailure || error instanceof OutputRefused) throw new UsageError(`report ${kind}: ${error.message}`);
      throw error;
    }
    printJson({ out: values.out, fileName: file.fileName, bytes: file.bytes.length, sha256: file.sha256 });
    return 0;
  } finally {
    opened.store.close();
  }
}
