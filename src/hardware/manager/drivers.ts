// The driver registry: one entry per list of station.json's `devices` (shared/devices/
// devicesConfig.ts names them). A new kind of device is a schema there and an entry here; the
// manager, discovery and the `devices` CLI iterate this table.
import { DEVICE_LISTS } from '../../shared/devices/index.ts';
import type { DeviceConfigOf, DeviceListKey } from '../../shared/devices/index.ts';
import { HidScale } from '../devices/index.ts';
import { HidScanner } from '../devices/index.ts';
import { LabelPrinter } from '../devices/index.ts';
import { SerialScale } from '../devices/index.ts';
import { SerialScanner } from '../devices/index.ts';
import { LineProtocolCabinet } from '../devices/index.ts';
import { HID_SCALE_USAGE_PAGE } from '../protocols/index.ts';
import { HID_SCANNER_USAGE_PAGE } from '../protocols/index.ts';
import type { BackoffOptions } from '../devices/index.ts';
import type { DeviceDriver, DeviceLocation, Startable } from './deviceDriver.ts';

const reconnectOf = (options: { reconnect?: BackoffOptions }) => (options.reconnect ? { reconnect: options.reconnect } : {});

/** A serial, USB or network link of a printer or cabinet, as `devices` shows it. */
function linkLocation(link: { kind: 'tcp'; host: string; port: number } | { kind: 'usb'; path: string } | { kind: 'serial'; path: string }): DeviceLocation {
  if (link.kind === 'tcp') return { link: 'network', host: link.host, port: link.port };
  return link.kind === 'usb' ? { link: 'node', path: link.path } : { link: 'serial', path: link.path };
}

export const DEVICE_DRIVERS: { readonly [K in DeviceListKey]: DeviceDriver<DeviceConfigOf<K>, Startable> } = {
  serialScanners: {
    configSchema: DEVICE_LISTS.serialScanners.schema,
    create: (config, options) => new SerialScanner(config, reconnectOf(options)),
    wire(scanner: SerialScanner, outlet) {
      scanner.on('status', outlet.health);
      scanner.on('scan', ({ deviceId, data, symbology }) => outlet.report('scan', { deviceId, data, symbology }));
    },
    locate: (config) => ({ link: 'serial', path: config.path }),
  },
  hidScanners: {
    configSchema: DEVICE_LISTS.hidScanners.schema,
    create: (config, options) => new HidScanner(config, { ...reconnectOf(options), ...options.hidScannerOptions?.[config.id] }),
    wire(scanner: HidScanner, outlet) {
      scanner.on('status', outlet.health);
      scanner.on('scan', ({ deviceId, data, symbology }) => outlet.report('scan', { deviceId, data, symbology }));
    },
    locate: (config) => ({ link: 'hid', role: 'scanner', selection: config }),
    hid: { usagePage: HID_SCANNER_USAGE_PAGE, role: 'scanner' },
  },
  hidScales: {
    configSchema: DEVICE_LISTS.hidScales.schema,
    create: (config, options) => new HidScale(config, { ...reconnectOf(options), ...options.hidScaleOptions?.[config.id] }),
    wire(scale: HidScale, outlet) {
      outlet.provides.scale(scale);
      scale.on('status', outlet.health);
      scale.on('reading', (reading) => outlet.report('reading', reading));
    },
    locate: (config) => ({ link: 'hid', role: 'scale', selection: config }),
    hid: { usagePage: HID_SCALE_USAGE_PAGE, role: 'scale' },
  },
  serialScales: {
    configSchema: DEVICE_LISTS.serialScales.schema,
    create: (config, options) => new SerialScale(config, reconnectOf(options)),
    wire(scale: SerialScale, outlet) {
      outlet.provides.scale(scale);
      scale.on('status', outlet.health);
      scale.on('reading', (reading) => outlet.report('reading', reading));
    },
    locate: (config) => ({ link: 'serial', path: config.path }),
  },
  labelPrinters: {
    configSchema: DEVICE_LISTS.labelPrinters.schema,
    create: (config, options) => new LabelPrinter(config, reconnectOf(options)),
    wire(printer: LabelPrinter, outlet) {
      outlet.provides.printer(printer);
      printer.on('status', outlet.health);
      printer.on('status', (status) => outlet.report('printer', status));
    },
    locate: (config) => linkLocation(config.transport),
  },
  xrayCabinets: {
    configSchema: DEVICE_LISTS.xrayCabinets.schema,
    create: (config, options) =>
      new LineProtocolCabinet(config, { imageStore: options.imageStore, ...(options.hotFolderMaxBytes ? { hotFolderMaxBytes: options.hotFolderMaxBytes } : {}), ...reconnectOf(options) }),
    wire(cabinet: LineProtocolCabinet, outlet) {
      outlet.provides.cabinet(cabinet);
      cabinet.on('health', outlet.health);
      cabinet.on('status', (status) => outlet.report('cabinet', status));
      cabinet.on('image', (image) => outlet.report('image', image));
      cabinet.on('warning', (warning) => outlet.report('cabinetWarning', warning));
    },
    locate: (config) => linkLocation(config.transport),
  },
};

/** Where a configured device should be found, as its driver says (the `devices` CLI). */
export function locateDevice<K extends DeviceListKey>(key: K, config: DeviceConfigOf<K>): DeviceLocation {
  // The registry's entry for `key` takes the configs of list `key`.
  return (DEVICE_DRIVERS[key] as DeviceDriver<DeviceConfigOf<K>, Startable>).locate(config);
}
