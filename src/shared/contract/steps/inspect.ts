import { z } from 'zod';
import { ALL_ROLES } from '../commandSpec.ts';
import { auditSpec, step, text } from '../auditSpec.ts';
import { IndicatorCode } from '../../domain/index.ts';
import { ItemRef, Notes, stepCommand, stepContract } from './stepContract.ts';

// The visual inspection: the indicators ticked and the operator's notes.

export const InspectionRecord = z.object({
  indicators: z.array(z.string()),
  notes: z.string(),
  operatorId: z.string(),
  at: z.iso.datetime(),
});
export type InspectionRecord = z.infer<typeof InspectionRecord>;

export const inspectContract = stepContract({
  name: 'inspect',
  commands: {
    'item.inspect': stepCommand({
      summary: 'Record the inspection: the indicators ticked and notes.',
      request: ItemRef.extend({ indicators: z.array(IndicatorCode).max(100), notes: Notes }).strict(),
      roles: ALL_ROLES,
    }),
  },
  audit: {
    'item.inspected': auditSpec(['item'], z.object({ ...step, indicators: z.array(text), notes: text })),
  },
  detail: {
    inspection: InspectionRecord.nullable(),
  },
});
