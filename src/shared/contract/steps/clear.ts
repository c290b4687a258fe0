import { z } from 'zod';
import { ALL_ROLES } from '../commandSpec.ts';
import { auditSpec, step, text } from '../auditSpec.ts';
import { ItemRef, stepCommand, stepContract } from './stepContract.ts';

// Clearance: the item is recorded as screened (how, when, by whom) and its label printed.

/** The station's equivalent of the "X-ray" stamp: how the item was screened, when and by whom. */
export const ScreenedRecord = z.object({
  methods: z.array(z.enum(['visual', 'xray'])),
  operatorId: z.string(),
  at: z.iso.datetime(),
});
export type ScreenedRecord = z.infer<typeof ScreenedRecord>;

export const clearContract = stepContract({
  name: 'clear',
  commands: {
    'item.clear': stepCommand({
      summary: 'Clear the item: record it as screened and print its clearance label.',
      request: ItemRef,
      roles: ALL_ROLES,
    }),
  },
  audit: {
    'item.cleared': auditSpec(['item'], z.object({ ...step, screened: z.looseObject({ methods: z.array(text), operatorId: text, at: text }) })),
  },
  detail: {
    screened: ScreenedRecord.nullable(),
  },
});
