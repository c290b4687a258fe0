// What src/renderer/reports/ offers the rest of the renderer.
export { DownloadStatus } from './DownloadStatus.tsx';
export { ReportButton } from './ReportButton.tsx';
export { useDownload, type DownloadedFile } from './useDownload.ts';
