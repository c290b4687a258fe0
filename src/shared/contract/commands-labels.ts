import { z } from 'zod';
import { command, ALL_ROLES } from './commandSpec.ts';
import { CustodyId } from './item.ts';
import { PrintJob } from './printer.ts';
import { LabelLayout, LabelSizeName, LabelTemplateName } from '../labels/index.ts';

const LabelRequest = z.object({ custodyId: CustodyId, template: LabelTemplateName, size: LabelSizeName });

/** Clearance and custody labels: the preview the screen draws and the print that matches it. */
export const labelCommands = {
  'label.preview': command({
    summary: 'The label as it would print now, as a layout the screen draws.',
    /** draft: the clearance label as it will print if the operator clears the item now (preview only). */
    request: LabelRequest.extend({ draft: z.boolean().optional() }).strict(),
    response: z.object({ layout: LabelLayout }),
    roles: ALL_ROLES,
  }),
  'label.print': command({
    summary: 'Print a clearance or custody label; a reprint repeats the last one and is marked as a reprint.',
    request: LabelRequest.extend({ reprint: z.boolean().optional() }).strict(),
    response: z.object({ job: PrintJob }),
    roles: ALL_ROLES,
  }),
} as const;
