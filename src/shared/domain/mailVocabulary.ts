import { z } from 'zod';

// The carriers and record modes are domain words the tracking recognizers and the label layouts use
// too; they live here, below the contract, so those folders need not import the contract (which
// imports them: a cycle). The contract re-exports both unchanged.

export const Carrier = z.enum(['ups', 'fedex', 'usps', 'dhl', 'amazon', 's10']);
export type Carrier = z.infer<typeof Carrier>;

/** live: real mail; demo: made with simulated devices; drill: made in an exercise. Kept apart in records. */
export const RecordMode = z.enum(['live', 'demo', 'drill']);
export type RecordMode = z.infer<typeof RecordMode>;
