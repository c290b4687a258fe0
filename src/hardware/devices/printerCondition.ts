import type { PrinterCondition } from '../../shared/contract/index.ts';
import type { HostStatus } from '../protocols/index.ts';

/** What the contract shows of a `~HS` reply. */
export function conditionOf(status: HostStatus): PrinterCondition {
  return {
    paperOut: status.paperOut,
    paused: status.paused,
    headOpen: status.headOpen,
    ribbonOut: status.ribbonOut,
    headTooHot: status.overTemperature,
    underTemperature: status.underTemperature,
    bufferFull: status.bufferFull,
    corruptRam: status.corruptRam,
    formatsInBuffer: status.formatsInBuffer,
    labelsRemaining: status.labelsRemaining,
  };
}

// Ordered by what the operator should fix first: a head that is open hides whether paper is in.
// Each says what happened and what to do, in the words printed on the printer's own buttons.
const FAULT_WORDS: ReadonlyArray<readonly [keyof PrinterCondition, string]> = [
  ['headOpen', 'Print head open — close the print head'],
  ['paperOut', 'Paper out — load labels'],
  ['ribbonOut', 'Ribbon out — load a new ribbon'],
  ['headTooHot', 'Print head too hot — let the printer cool down'],
  ['underTemperature', 'Printer too cold — let it warm up'],
  ['corruptRam', 'Printer memory corrupt — switch the printer off and on; call service if it persists'],
  ['bufferFull', 'Printer memory full — wait for it to catch up, or switch it off and on'],
  ['paused', 'Paused — press PAUSE on the printer to resume'],
];

/**
 * The faults a condition reports, in operator words, or [] when the printer can print.
 * Every flag here stops a label coming out (or, for a full buffer, a new job going in), so each
 * one makes the printer a `fault`, not a warning.
 */
export function faultsOf(condition: PrinterCondition): string[] {
  return FAULT_WORDS.filter(([key]) => condition[key] === true).map(([, words]) => words);
}
