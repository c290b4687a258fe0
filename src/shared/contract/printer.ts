import { z } from 'zod';

/** A label printer's host status (ZPL ~HS), as far as the printer reported it. */
export const PrinterCondition = z.object({
  paperOut: z.boolean(),
  paused: z.boolean(),
  headOpen: z.boolean(),
  ribbonOut: z.boolean(),
  headTooHot: z.boolean(),
  underTemperature: z.boolean(),
  bufferFull: z.boolean(),
  corruptRam: z.boolean(),
  /** Formats received but not yet printed, as the printer counted them. */
  formatsInBuffer: z.number().int().nonnegative(),
  labelsRemaining: z.number().int().nonnegative(),
});
export type PrinterCondition = z.infer<typeof PrinterCondition>;

export const PrintJobState = z.enum(['queued', 'printing', 'printed', 'failed']);
export type PrintJobState = z.infer<typeof PrintJobState>;

export const PrintJob = z.object({
  id: z.number().int().positive(),
  printerId: z.string(),
  /** What kind of label this is (clearance, custody, ...), for the operator and the audit log. */
  template: z.string(),
  /** The item or incident the label belongs to, when there is one. */
  subject: z.string().nullable(),
  state: PrintJobState,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  reprintOf: z.number().int().positive().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PrintJob = z.infer<typeof PrintJob>;
