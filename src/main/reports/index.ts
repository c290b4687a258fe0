// Reports: the papers and files that leave the station (incident report, custody form, daily log, audit export).
export { ReportService, requesterOf, type Requester, type ReportFile, type AuditExportFile, type IncidentViewSource, type ReportDelivery, type ReportSources } from './reportService.ts';
export { reportCommandHandlers, type ReportCommandHandlers } from './reportHandlers.ts';
export { verifyAuditExport, buildAuditExport, type ExportHead } from './auditExport.ts';
export { checkOutputFile, writeOutputFile, withdrawOutputFile, outputDelivery, OutputRefused, type OutputTarget } from './outputFile.ts';
export { localDayRange } from './format.ts';
export { renderIncidentReport, type IncidentItemField, type IncidentReportInput } from './incidentReport.ts';
export { collectDailyLog, dailyLogCsv, renderDailyLog, type DailyLog } from './dailyLog.ts';
export type { ReportContext } from './reportContext.ts';
export { dashboardBounds, dashboardStats, deviceUptime, recordedDashboardStats } from './dashboardStats.ts';
export { renderCustodyForm, type CustodyFormInput } from './custodyForm.ts';
