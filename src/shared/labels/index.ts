// Labels as pure data: the layout model, its two templates and the geometry both the printer
// (main, ZPL) and the screen (renderer, SVG) use to place them identically.
export * from './layout.ts';
export * from './geometry.ts';
export { fitText, textWidthMm } from './textFit.ts';
export type { ClearanceLabelRecord, CustodyLabelRecord } from './records.ts';
export { clearanceLabel } from './clearanceLabel.ts';
export { custodyLabel } from './custodyLabel.ts';
export { CARRIER_LABEL_NAMES, HAZARD_LABEL_WORDS, MODE_LABEL_WORDS, labelDate, labelDateTime } from './words.ts';
