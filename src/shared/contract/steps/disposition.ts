import { z } from 'zod';
import { ALL_ROLES } from '../commandSpec.ts';
import { auditSpec, step, text } from '../auditSpec.ts';
import { Badge } from '../operator.ts';
import { Reason, Text } from '../workflow.ts';
import { ItemRef, stepCommand, stepContract } from './stepContract.ts';

// How an item leaves the station without an incident: delivered to its recipient or returned
// (after clearance), or voided (taken in by mistake, before any screening step). Each is the
// item's disposition.

export const Recipient = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('badge'), badge: Badge }).strict(),
  z.object({ kind: z.literal('name'), name: Text(120) }).strict(),
]);
export type Recipient = z.infer<typeof Recipient>;

export const dispositionContract = stepContract({
  name: 'disposition',
  commands: {
    'item.deliver': stepCommand({
      summary: 'Hand a cleared item to its recipient.',
      request: ItemRef.extend({ recipient: Recipient, confirmed: z.literal(true, 'Confirm the hand-over') }).strict(),
      roles: ALL_ROLES,
    }),
    'item.return': stepCommand({
      summary: 'Return a cleared item to the carrier or sender.',
      request: ItemRef.extend({ reason: Reason }).strict(),
      roles: ALL_ROLES,
    }),
    'item.void': stepCommand({
      summary: 'Void an item taken in by mistake, before any screening step, with the reason: the record stays, marked VOIDED.',
      request: ItemRef.extend({ reason: Reason }).strict(),
      // Main narrows further: a screener voids only an item they took in; a coordinator or admin any.
      roles: ALL_ROLES,
    }),
  },
  audit: {
    'item.delivered': auditSpec(
      ['item'],
      // Who received it: a name typed, or a badge (with the operator it belongs to, when it does).
      z.object({ ...step, outcome: text, receivedBy: z.record(z.string(), z.unknown()), confirmedBy: text, at: text }),
    ),
    'item.returned': auditSpec(['item'], z.object({ ...step, outcome: text, reason: text, by: text, at: text })),
    /** Taken in by mistake and voided before any screening step; the payload is the item's disposition. Since issue 12. */
    'item.voided': auditSpec(['item'], z.object({ ...step, outcome: text, reason: text, by: text, at: text })),
  },
  detail: {
    disposition: z.record(z.string(), z.unknown()).nullable(),
  },
});
