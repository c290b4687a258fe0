import type { DiskStatus } from '../../shared/contract/index.ts';

const GB = 1_000_000_000;

/** Bytes as an admin reads free space: whole GB from 100 GB, GB with one decimal, MB under a GB. */
export function formatDiskBytes(bytes: number): string {
  if (bytes >= 100 * GB) return `${Math.round(bytes / GB).toLocaleString('en-US')} GB`;
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  return `${Math.floor(bytes / 1_000_000)} MB`;
}

export interface DiskWarning {
  tone: 'low' | 'full';
  text: string;
}

/** What the device bar says about the data folder's disk: nothing while it is ok. */
export function diskWarning(status: DiskStatus | null): DiskWarning | null {
  if (status === null || status.state === 'ok') return null;
  if (status.state === 'full') return { tone: 'full', text: 'Disk full — call the site admin' };
  return { tone: 'low', text: status.freeBytes === null ? 'Disk space low' : `Disk space low: ${formatDiskBytes(status.freeBytes)} free` };
}
