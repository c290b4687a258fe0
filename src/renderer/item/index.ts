// What src/renderer/item/ offers the rest of the renderer.
export { IncidentTypeChoice } from './IncidentTypeChoice.tsx';
export { XrayViewer } from './XrayViewer.tsx';
export { ItemWorkspace } from './ItemWorkspace.tsx';
export { LazyLabelPanel } from './LazyLabelPanel.tsx';
export { allows } from './allows.ts';
export { SKIPPABLE_STEP_NAMES } from './workspaceSteps.ts';
export { useCabinetStatus } from './useCabinetStatus.ts';
export { useItemDetail } from './useItemDetail.ts';
