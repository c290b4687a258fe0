// What src/renderer/site/ offers the rest of the renderer.
export { PrintJobsProvider, mayReprint, usePrintJobs, usePrintQueue } from './PrintJobsContext.tsx';
export { ReprintButton } from './ReprintButton.tsx';
export { SiteProvider, useDisplayUnit, useSite } from './SiteContext.tsx';
