// What src/renderer/disk/ offers the rest of the renderer.
export { DiskChip } from './DiskChip.tsx';
export { DiskPanel } from './DiskPanel.tsx';
export { useDiskStatus } from './useDiskStatus.ts';
