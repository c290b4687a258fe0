import type { ReportSources } from '../reports/index.ts';
import { itemDetail } from './itemDetail.ts';
import { stepReportFields } from './steps/index.ts';
import type { WorkflowContext } from './workflowContext.ts';

/** The records a report is made from, as the workflow holds them. */
export function reportSources(workflow: WorkflowContext): ReportSources {
  return {
    store: workflow.store,
    mode: workflow.mode,
    nowIso: () => workflow.nowIso(),
    siteName: () => workflow.settings.read().siteName,
    itemDetail: (custodyId) => itemDetail(workflow, custodyId),
    itemReportFields: (item) => stepReportFields(item),
  };
}
