import { z } from 'zod';
import { ALL_ROLES } from '../commandSpec.ts';
import { auditSpec, maybeText } from '../auditSpec.ts';
import { Dimensions, ItemType, Text } from '../workflow.ts';
import { ItemRef, stepCommand, stepContract } from './stepContract.ts';

// The item's details: its type (which decides the screening steps), addressee, sender and size.

export const ItemDetailsInput = z
  .object({
    itemType: ItemType.optional(),
    recipient: Text(200).nullable().optional(),
    sender: Text(200).nullable().optional(),
    dimensions: Dimensions.nullable().optional(),
  })
  .strict();

export const detailsContract = stepContract({
  name: 'details',
  commands: {
    'item.setDetails': stepCommand({
      summary: 'Record the item’s type, addressee, sender as shown and dimensions.',
      request: ItemRef.extend(ItemDetailsInput.shape).strict(),
      roles: ALL_ROLES,
    }),
  },
  audit: {
    'item.detailsRecorded': auditSpec(
      ['item'],
      z.object({ itemType: maybeText.optional(), recipient: maybeText.optional(), sender: maybeText.optional(), dimensions: z.unknown().optional() }),
    ),
  },
  detail: {
    recipient: z.string().nullable(),
    sender: z.string().nullable(),
    dimensions: Dimensions.nullable(),
  },
});
