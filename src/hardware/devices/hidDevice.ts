import type { HidDeviceInfo } from '../transports/index.ts';
import { messageOf } from '../transports/index.ts';
import type { HidTransport } from '../transports/index.ts';
import type { ConnectOutcome } from './reconnectLoop.ts';

// How a HID device is picked (path, or vendor/product ID, or the first found) is configured by
// hidDeviceSelection in shared/devices/deviceSettings.ts; this is the driver's side of it.
export interface HidDeviceSelection {
  path?: string | undefined;
  vendorId?: number | undefined;
  productId?: number | undefined;
}

/** The operator-facing words a driver uses for the two failures only it can explain. */
export interface HidDeviceWords {
  /** Nothing enumerated matches the selection. */
  missing: string;
  /** The device is listed but open() failed (permissions, or another program holds it). */
  cannotOpen(path: string, reason: string): string;
}

export function matchesHidSelection(device: HidDeviceInfo, selection: HidDeviceSelection): boolean {
  const { path, vendorId, productId } = selection;
  return (
    (path === undefined || device.path === path) &&
    (vendorId === undefined || device.vendorId === vendorId) &&
    (productId === undefined || device.productId === productId)
  );
}

/**
 * One connect attempt of a HID driver (see ReconnectLoop): enumerate, pick the selected device,
 * open it. Never rejects; an open that finishes after it was superseded is closed again.
 */
export async function connectHidDevice(
  transport: HidTransport,
  discover: () => Promise<HidDeviceInfo[]>,
  selection: HidDeviceSelection,
  words: HidDeviceWords,
  superseded: () => boolean,
): Promise<ConnectOutcome<HidDeviceInfo>> {
  let devices: HidDeviceInfo[];
  try {
    devices = await discover();
  } catch (err) {
    if (superseded()) return { kind: 'superseded' };
    return { kind: 'failed', health: 'fault', detail: `cannot list HID devices: ${messageOf(err)}` };
  }
  if (superseded()) return { kind: 'superseded' };
  const device = devices.find((d) => matchesHidSelection(d, selection));
  if (!device) return { kind: 'failed', health: 'offline', detail: words.missing };
  try {
    await transport.open(device.path);
  } catch (err) {
    if (superseded()) return { kind: 'superseded' };
    return { kind: 'failed', health: 'fault', detail: words.cannotOpen(device.path, messageOf(err)) };
  }
  if (superseded()) {
    await transport.close();
    return { kind: 'superseded' };
  }
  return { kind: 'open', opened: device };
}
