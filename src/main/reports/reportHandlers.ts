import type { z } from 'zod';
import type { Operator } from '../../shared/contract/index.ts';
import type { reportCommands } from '../../shared/contract/index.ts';
import type { CommandContext } from '../commands/index.ts';
import { requesterOf, type ReportService } from './reportService.ts';

type ReportCommands = typeof reportCommands;
export type ReportCommandHandlers = {
  [N in keyof ReportCommands]: (args: z.output<ReportCommands[N]['request']>, context: CommandContext) => Promise<z.output<ReportCommands[N]['response']>>;
};

/** The report commands for the station's dispatcher: spread into the core's command handlers. */
export function reportCommandHandlers(reports: ReportService, operatorOf: (context: CommandContext) => Operator): ReportCommandHandlers {
  const by = (context: CommandContext) => requesterOf(operatorOf(context));
  const recordedAs = (file: { sha256: string; auditSeq?: number }) => ({ auditSeq: file.auditSeq ?? null, fileSha256: file.sha256 });
  return {
    'report.incident': async ({ incidentId }, context) => {
      const file = await reports.incidentReport(incidentId, by(context));
      return { fileName: file.fileName, pdfBase64: file.bytes.toString('base64'), recordedAs: recordedAs(file) };
    },
    'report.custodyForm': async ({ custodyId }, context) => {
      const file = await reports.custodyForm(custodyId, by(context));
      return { fileName: file.fileName, pdfBase64: file.bytes.toString('base64'), recordedAs: recordedAs(file) };
    },
    'report.dailyLog': async ({ date, format, mode }, context) => {
      const file = await reports.dailyLog(date, format, by(context), { mode });
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64'), mimeType: file.mimeType === 'text/csv' ? 'text/csv' : 'application/pdf', recordedAs: recordedAs(file) };
    },
    'audit.export': async ({ from, to }, context) => {
      const file = reports.auditExport(from, to, by(context));
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64'), events: file.events, headHash: file.head.chainHead.hash, recordedAs: recordedAs(file) };
    },
  };
}
