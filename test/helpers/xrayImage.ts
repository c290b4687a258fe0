// A parcel X-rayed at a station and found inconclusive, its image kept: what the site's review
// queue (and the console's review screen) is made of in the site console's tests.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import type { Station } from '../../src/main/core/station.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';

/** A 1×1 PNG: the scan's image. */
export const XRAY_IMAGE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/**
 * At `station`, by the screener logged in on `screen`: a parcel for Lab 2 scanned in, weighed on
 * the scale at `grams` (a weight the parcels before it did not have), inspected, X-rayed with
 * {@link XRAY_IMAGE} saved in `imageStore`, its verdict inconclusive with these `notes`.
 */
export async function inconclusiveXrayWithImage(station: Station, screen: StationConnection, code: string, { grams, imageStore, notes }: { grams: number; imageStore: string; notes: string }): Promise<{ custodyId: string; scanRef: string }> {
  const custodyId = must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code }), 'scan').item.custodyId;
  must(await screen.call('item.setDetails', { custodyId, itemType: 'parcel', recipient: 'Lab 2' }), 'details');
  station.scales.report({ deviceId: 'scale-1', condition: 'stable', value: (grams / 1000).toFixed(2), unit: 'kg', resolution: '0.01', grams, at: new Date().toISOString() });
  must(await screen.call('item.captureWeight', { custodyId }), 'weigh');
  must(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
  must(await screen.call('xray.requestScan', { custodyId }), 'request scan');
  const scanRef = station.workflow.records.xray_scans.forItem(custodyId).at(-1)!.scanRef;
  const file = path.join(imageStore, `${scanRef.replace(':', '-')}.png`);
  writeFileSync(file, XRAY_IMAGE);
  expect(station.screening.attachImage(scanRef, createHash('sha256').update(XRAY_IMAGE).digest('hex'), file)).toBe(true);
  must(await screen.call('xray.recordVerdict', { custodyId, verdict: 'inconclusive', findings: ['denseOrganicMass'], notes }), 'verdict');
  return { custodyId, scanRef };
}
