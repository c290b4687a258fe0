// Label printing in main: the ZPL for a layout, and the records the label templates are built from.
export { zplFromLayout } from './zplFromLayout.ts';
export { zplEscape, zplField } from './zplField.ts';
export { clearanceLabelRecord, custodyLabelRecord } from './labelRecords.ts';
export type { LabelContext } from './labelRecords.ts';
