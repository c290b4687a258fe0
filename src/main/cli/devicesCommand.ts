import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { discoverDevices, locateDevice } from '../../hardware/index.ts';
import type { DeviceLocation, HidCandidate, SerialCandidate } from '../../hardware/index.ts';
import { DEVICE_LIST_KEYS, DEVICE_LISTS } from '../../shared/devices/index.ts';
import type { DeviceClass } from '../../shared/contract/index.ts';
import { loadStationConfig, StationConfigInvalid } from '../core/index.ts';
import type { StationConfig } from '../core/index.ts';
import { printJson, UsageError } from './output.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** What is plugged in now, as discoverDevices() reports it. */
export interface Connected {
  serial: SerialCandidate[];
  hid: HidCandidate[];
}

/** One configured device as the admin sees it: where it should be, and whether it is there. */
export interface ConfiguredDeviceLine {
  configured: true;
  id: string;
  class: DeviceClass;
  name: string;
  /** A device path, `host:port`, or `vid:pid` for a HID device found by its IDs. */
  address: string;
  /** Null for network devices: only connecting tells whether they answer. */
  connected: boolean | null;
}

export interface CandidateLine {
  configured: false;
  kind: 'serial' | 'hid';
  path: string;
  vendorId: string | null;
  productId: string | null;
  product: string | null;
  manufacturer: string | null;
  role: 'scale' | 'scanner' | null;
}

// HID devices that are neither scales nor scanners by usage page are keyboards, mice and the like,
// except for these vendors: their scanners ship in keyboard mode, which the admin must know about
// (program the scanner to HID POS; docs/protocols/barcode-scanners.md). VIDs from
// docs/protocols/hid-pos-scale.md "Known devices" and barcode-scanners.md "HID POS scanners".
const SCALE_AND_SCANNER_VENDORS = new Set(['0922', '6096', '1446', '2474', '7b7c', '0eb8', '0b67', '0d8f', '0c2e', '05e0', '05f9', '23d0']);

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** A udev symlink (/dev/mailscale0) names the same port as the tty the OS lists. */
function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** A HID device configured by path, by VID[:PID], or as "the first of its role found". */
interface HidSelector {
  path?: string | undefined;
  vendorId?: number | undefined;
  productId?: number | undefined;
}

function hidAddress(device: HidSelector, role: 'scale' | 'scanner'): string {
  if (device.path) return device.path;
  if (device.vendorId !== undefined) return `${hex4(device.vendorId)}:${device.productId === undefined ? '*' : hex4(device.productId)}`;
  return `first HID ${role} found (usage page ${role === 'scale' ? '0x8d' : '0x8c'})`;
}

function hidMatches(device: HidSelector, role: 'scale' | 'scanner', candidate: HidCandidate): boolean {
  if (device.path) return samePath(device.path, candidate.path);
  if (device.vendorId !== undefined) {
    return candidate.vendorId === hex4(device.vendorId) && (device.productId === undefined || candidate.productId === hex4(device.productId));
  }
  return candidate.role === role;
}

/**
 * Pairs the configuration with what is plugged in: one line per configured device, then one per
 * plugged-in candidate no configured device claims. Pure apart from looking at device paths.
 */
export function listDevices(config: StationConfig, connected: Connected): Array<ConfiguredDeviceLine | CandidateLine> {
  const claimedSerial = new Set<SerialCandidate>();
  const claimedHid = new Set<HidCandidate>();

  // A serial path that exists is a port that is there now; the OS list misses ptys and some
  // adapters, and a udev symlink disappears on unplug just as the tty does.
  const serialPresent = (devicePath: string): boolean => {
    const listed = connected.serial.filter((c) => samePath(devicePath, c.path));
    for (const c of listed) claimedSerial.add(c);
    return listed.length > 0 || existsSync(devicePath);
  };
  const hidPresent = (device: HidSelector, role: 'scale' | 'scanner'): boolean => {
    const found = connected.hid.filter((c) => hidMatches(device, role, c));
    for (const c of found) claimedHid.add(c);
    return found.length > 0 || (device.path !== undefined && existsSync(device.path));
  };

  /** The address shown for a device, and whether it is there (null: only connecting would tell). */
  const lookFor = (where: DeviceLocation): [string, boolean | null] => {
    switch (where.link) {
      case 'serial':
        return [where.path, serialPresent(where.path)];
      case 'hid':
        return [hidAddress(where.selection, where.role), hidPresent(where.selection, where.role)];
      case 'node':
        return [where.path, existsSync(where.path)];
      case 'network':
        return [`${where.host}:${where.port}`, null];
    }
  };

  const lines: Array<ConfiguredDeviceLine | CandidateLine> = [];
  // Where each configured device should be, as its driver says, in the registry's order.
  for (const key of DEVICE_LIST_KEYS) {
    for (const device of config.devices[key]) {
      const [address, isConnected] = lookFor(locateDevice(key, device));
      lines.push({ configured: true, id: device.id, class: DEVICE_LISTS[key].deviceClass, name: device.name, address, connected: isConnected });
    }
  }

  for (const c of connected.serial) {
    if (claimedSerial.has(c)) continue;
    lines.push({ configured: false, kind: 'serial', path: c.path, vendorId: c.vendorId, productId: c.productId, product: null, manufacturer: c.manufacturer, role: null });
  }
  for (const c of connected.hid) {
    if (claimedHid.has(c) || (c.role === null && !SCALE_AND_SCANNER_VENDORS.has(c.vendorId))) continue;
    lines.push({ configured: false, kind: 'hid', path: c.path, vendorId: c.vendorId, productId: c.productId, product: c.product, manufacturer: c.manufacturer, role: c.role });
  }
  return lines;
}

/**
 * `devices [--data <dir>]`: what `<data>/station.json` configures and whether each device is
 * plugged in now, then every plugged-in serial port and HID scale or scanner nobody configured,
 * as JSON lines. A station.json that does not validate is refused (exit 2) with the loader's own
 * message, which names the file and every bad field.
 */
export async function devicesCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' } }, strict: true });
  const dataDir = path.resolve(values.data ?? path.join(REPO_ROOT, 'data'));
  const file = path.join(dataDir, 'station.json');
  let config: StationConfig;
  try {
    config = loadStationConfig(file);
  } catch (error) {
    // Unreadable or invalid: the same one line the station prints when it refuses to start.
    if (error instanceof StationConfigInvalid) throw new UsageError(error.message);
    throw error;
  }
  if (!existsSync(file)) process.stderr.write(`mailscreen: ${file} does not exist: no devices configured yet\n`);
  const { serial, hid, errors } = await discoverDevices();
  for (const error of errors) process.stderr.write(`mailscreen: ${error}\n`);
  for (const line of listDevices(config, { serial, hid })) printJson(line);
  return 0;
}
