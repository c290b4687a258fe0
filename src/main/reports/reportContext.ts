import { formatInstant } from './format.ts';

/** What every paper says about where and when it was made, and the names behind operator ids. */
export interface ReportContext {
  siteName: string;
  stationId: string;
  generatedAt: string;
  generatedBy: string;
  /** The audit chain head when the report's records were read: ties the paper to the log. */
  chainHead: { seq: number; hash: string };
  /** Operator id or audit actor (operator:<id>) to the person's name. */
  operatorName: (idOrActor: string | null) => string;
  compress?: boolean;
}

export function footerLines(context: ReportContext): string[] {
  return [
    `${context.siteName} · station ${context.stationId}`,
    `Generated ${formatInstant(context.generatedAt)} by ${context.generatedBy}`,
    `Audit chain head at generation: seq ${context.chainHead.seq} · SHA-256 ${context.chainHead.hash}`,
  ];
}
