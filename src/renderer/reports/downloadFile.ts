/** A file the station made (a report, a log, an export), as the contract carries it. */
export interface StationFile {
  fileName: string;
  base64: string;
  mimeType: string;
}

/** The file's bytes from the contract's base64. */
export function fileBlob(file: StationFile): Blob {
  const text = atob(file.base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Blob([bytes], { type: file.mimeType });
}

/**
 * Offers a blob: URL as a download through an <a download>: no navigation (the kiosk denies it),
 * no network (the CSP allows none), nothing outside the page. In the browser kiosk it lands in the
 * browser's downloads; under Electron it goes through the session's will-download.
 */
export function saveBlobUrl(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
  }
}

/** "12.4 kB" for the status line under a download. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
