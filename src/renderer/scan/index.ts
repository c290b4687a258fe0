// What src/renderer/scan/ offers the rest of the renderer.
export { NewItemNotice } from './NewItemNotice.tsx';
export type { NewItem } from './NewItemNotice.tsx';
export { ScanTargetsProvider, ScanWaiting, useDraftOnScreen, useScanTarget, useUnsavedDraft } from './ScanTargets.tsx';
