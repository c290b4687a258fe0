// What src/renderer/siteLink/ offers the rest of the renderer: the device bar's site link chip.
export { SiteLinkChip } from './SiteLinkChip.tsx';
export { useSiteLinkStatus } from './useSiteLinkStatus.ts';
