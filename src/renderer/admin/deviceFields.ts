// The device configuration as the admin edits it: one form per device, its fields by device class
// and transport. The lists, their headings and every choice the form offers come from the schemas
// in src/shared/devices, which main validates with (the form only helps type what main checks again).
import {
  DEVICE_LIST_KEYS,
  DEVICE_LISTS,
  LabelPrinterConfig,
  PrinterDpi,
  ScanTerminator,
  SERIAL_SCALE_PROTOCOLS,
  SerialScaleConfig,
  serialDataBits,
  serialParity,
  serialStopBits,
  XrayCabinetConfig,
  type DeviceListKey,
} from '../../shared/devices/index.ts';

export type DeviceList = Record<string, Array<Record<string, unknown>>>;

export type DeviceClassKey = DeviceListKey;

const SCALE_PROTOCOLS = Object.keys(SERIAL_SCALE_PROTOCOLS) as ReadonlyArray<keyof typeof SERIAL_SCALE_PROTOCOLS>;

export const DEVICE_CLASSES: ReadonlyArray<{ key: DeviceClassKey; label: string; one: string }> = DEVICE_LIST_KEYS.map((key) => {
  const { label, one } = DEVICE_LISTS[key];
  // The serial scales' heading names the protocols the station speaks: "Serial scales (MT-SICS, NCI)".
  const protocols = key === 'serialScales' ? ` (${SCALE_PROTOCOLS.map((p) => SERIAL_SCALE_PROTOCOLS[p].label).join(', ')})` : '';
  return { key, label: `${label}${protocols}`, one };
});

/** A choice's options as the form shows them: "" first (main's default) when the field is optional. */
const choices = (values: ReadonlyArray<string | number>, optional: boolean): string[] => [...(optional ? [''] : []), ...values.map(String)];
/** The kinds of link a device's `transport` may be, from its schema. */
const linkKinds = (transport: { options: ReadonlyArray<{ shape: { kind: { value: string } } }> }): string[] => transport.options.map((link) => link.shape.kind.value);
/** Settings only some serial scale protocols have (MT-SICS `stream`) are shown for those. */
const protocolHas = (protocol: string | undefined, setting: string): boolean =>
  SerialScaleConfig.options.some((member) => member.shape.protocol.value === protocol && setting in member.shape);

export interface FieldSpec {
  /** Dotted path in the device's config: `transport.host`. */
  path: string;
  label: string;
  kind: 'text' | 'int' | 'number' | 'hex' | 'choice' | 'bool';
  options?: readonly string[];
  optional?: boolean;
  hint?: string;
  /** Shown only when this says so (by the form's other values). */
  when?: (values: Readonly<Record<string, string>>) => boolean;
  /** A port path: discovery can fill it. */
  port?: 'serial' | 'hid';
}

const SERIAL_LINE: FieldSpec[] = [
  { path: 'baudRate', label: 'Baud rate', kind: 'int', optional: true },
  { path: 'dataBits', label: 'Data bits', kind: 'choice', options: choices(serialDataBits.options.map((o) => o.value), true), optional: true },
  { path: 'parity', label: 'Parity', kind: 'choice', options: choices(serialParity.options, true), optional: true },
  { path: 'stopBits', label: 'Stop bits', kind: 'choice', options: choices(serialStopBits.options.map((o) => o.value), true), optional: true },
];
const NAMING: FieldSpec[] = [
  { path: 'id', label: 'Device ID', kind: 'text', hint: 'Unique at this station; it is on every record the device makes.' },
  { path: 'name', label: 'Name shown to operators', kind: 'text' },
];
const HID_SELECTION: FieldSpec[] = [
  { path: 'path', label: 'HID path', kind: 'text', optional: true, port: 'hid', hint: 'Leave empty to use the vendor and product ID (a hidraw path changes on replug).' },
  { path: 'vendorId', label: 'Vendor ID (hex)', kind: 'hex', optional: true },
  { path: 'productId', label: 'Product ID (hex)', kind: 'hex', optional: true },
];
const printerSerial = (v: Readonly<Record<string, string>>) => v['transport.kind'] === 'serial';
const cabinetTcp = (v: Readonly<Record<string, string>>) => v['transport.kind'] === 'tcp';

export const FIELDS: Readonly<Record<DeviceClassKey, readonly FieldSpec[]>> = {
  serialScanners: [
    ...NAMING,
    { path: 'path', label: 'Serial port', kind: 'text', port: 'serial', hint: 'For example /dev/ttyACM0, or a udev link such as /dev/mailscanner0.' },
    ...SERIAL_LINE,
    { path: 'terminator', label: 'Line ends with', kind: 'choice', options: choices(ScanTerminator.options, true), optional: true },
  ],
  hidScanners: [...NAMING, ...HID_SELECTION],
  hidScales: [...NAMING, ...HID_SELECTION],
  serialScales: [
    ...NAMING,
    { path: 'protocol', label: 'Protocol', kind: 'choice', options: SCALE_PROTOCOLS },
    { path: 'path', label: 'Serial port', kind: 'text', port: 'serial' },
    ...SERIAL_LINE,
    { path: 'pollMs', label: 'Ask for the weight every (ms)', kind: 'int', optional: true },
    { path: 'replyTimeoutMs', label: 'Offline after no answer for (ms)', kind: 'int', optional: true },
    { path: 'stream', label: 'Let the scale stream (SIR)', kind: 'bool', optional: true, when: (v) => protocolHas(v['protocol'], 'stream') },
  ],
  labelPrinters: [
    ...NAMING,
    { path: 'transport.kind', label: 'Connected by', kind: 'choice', options: linkKinds(LabelPrinterConfig.shape.transport) },
    { path: 'transport.host', label: 'Network host', kind: 'text', when: (v) => v['transport.kind'] === 'tcp' },
    { path: 'transport.port', label: 'Network port', kind: 'int', optional: true, when: (v) => v['transport.kind'] === 'tcp', hint: 'Usually 9100.' },
    { path: 'transport.path', label: 'Device path', kind: 'text', port: 'serial', when: (v) => v['transport.kind'] === 'usb' || v['transport.kind'] === 'serial', hint: 'USB: /dev/usb/lp0 or a udev link; serial: /dev/ttyUSB0.' },
    ...SERIAL_LINE.map((field) => ({ ...field, path: `transport.${field.path}`, when: printerSerial })),
    { path: 'dpi', label: 'Print resolution (dpi)', kind: 'choice', options: choices(PrinterDpi.options.map((o) => o.value), true), optional: true },
    { path: 'statusPollMs', label: 'Ask for status every (ms)', kind: 'int', optional: true },
  ],
  xrayCabinets: [
    ...NAMING,
    { path: 'transport.kind', label: 'Connected by', kind: 'choice', options: linkKinds(XrayCabinetConfig.shape.transport) },
    { path: 'transport.host', label: 'Network host', kind: 'text', when: cabinetTcp },
    { path: 'transport.port', label: 'Network port', kind: 'int', when: cabinetTcp },
    { path: 'transport.path', label: 'Serial port', kind: 'text', port: 'serial', when: (v) => v['transport.kind'] === 'serial' },
    { path: 'transport.baudRate', label: 'Baud rate', kind: 'int', optional: true, when: (v) => v['transport.kind'] === 'serial' },
    { path: 'hotFolder', label: 'Image hot folder', kind: 'text', optional: true, hint: 'The folder the cabinet writes its images into (local path or mounted share).' },
    { path: 'heartbeatMs', label: 'Heartbeat every (ms)', kind: 'int', optional: true },
    { path: 'offlineAfterMs', label: 'Offline after silence of (ms)', kind: 'int', optional: true },
  ],
};

export const NEW_DEVICE: Readonly<Record<DeviceClassKey, Record<string, unknown>>> = {
  serialScanners: { id: '', name: 'Scanner', path: '' },
  hidScanners: { id: '', name: 'Scanner (USB)' },
  hidScales: { id: '', name: 'Scale (USB)' },
  serialScales: { id: '', name: 'Scale', protocol: 'mt-sics', path: '' },
  labelPrinters: { id: '', name: 'Label printer', transport: { kind: 'tcp', host: '', port: 9100 } },
  xrayCabinets: { id: '', name: 'X-ray cabinet', transport: { kind: 'tcp', host: '', port: 0 } },
};

function read(config: Record<string, unknown>, path: string): unknown {
  let at: unknown = config;
  for (const part of path.split('.')) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[part] : undefined;
  return at;
}

/** A device's config as the form's text values. */
export function toFormValues(deviceClass: DeviceClassKey, config: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of FIELDS[deviceClass]) {
    const value = read(config, field.path);
    if (value === undefined || value === null) values[field.path] = '';
    else if (field.kind === 'hex' && typeof value === 'number') values[field.path] = value.toString(16).padStart(4, '0');
    else values[field.path] = String(value);
  }
  return values;
}

/** What a device's settings say in one line, for the list. */
export function describeAddress(deviceClass: DeviceClassKey, config: Record<string, unknown>): string {
  const transport = read(config, 'transport') as Record<string, unknown> | undefined;
  const line = (c: Record<string, unknown> | undefined) => {
    if (!c) return '';
    const parity = typeof c['parity'] === 'string' ? c['parity'].charAt(0).toUpperCase() : null;
    return c['baudRate'] !== undefined ? ` · ${String(c['baudRate'])} ${String(c['dataBits'] ?? '')}${parity ?? ''}${String(c['stopBits'] ?? '')}` : '';
  };
  const hex = (value: unknown) => (typeof value === 'number' ? value.toString(16).padStart(4, '0') : '*');
  switch (deviceClass) {
    case 'hidScanners':
    case 'hidScales':
      return config['path'] !== undefined ? `HID ${String(config['path'])}` : `HID vendor ${hex(config['vendorId'])} product ${hex(config['productId'])}`;
    case 'labelPrinters':
    case 'xrayCabinets': {
      if (!transport) return 'no transport';
      const where = transport['kind'] === 'tcp' ? `TCP ${String(transport['host'])}:${String(transport['port'] ?? 9100)}` : `${String(transport['kind']).toUpperCase()} ${String(transport['path'])}`;
      const folder = deviceClass === 'xrayCabinets' && config['hotFolder'] !== undefined ? ` · images from ${String(config['hotFolder'])}` : '';
      return `${where}${transport['kind'] === 'serial' ? line(transport) : ''}${folder}`;
    }
    case 'serialScales':
      return `${String(config['protocol']).toUpperCase()} on ${String(config['path'])}${line(config)}`;
    default:
      return `Serial ${String(config['path'])}${line(config)}${config['terminator'] !== undefined ? ` · ends ${String(config['terminator'])}` : ''}`;
  }
}

export type FormResult = { ok: true; config: Record<string, unknown> } | { ok: false; problems: string[] };

/**
 * The form's text values as a device config: numbers as numbers, empty optional fields left out
 * (main fills its defaults), fields of another transport dropped. Main validates the result again.
 */
export function fromFormValues(deviceClass: DeviceClassKey, values: Readonly<Record<string, string>>, previous: Record<string, unknown>): FormResult {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  // Settings this screen does not edit (timeouts it does not show) are kept as they were…
  for (const [key, value] of Object.entries(previous)) if (key !== 'transport') config[key] = value;
  const previousTransport = read(previous, 'transport') as Record<string, unknown> | undefined;
  // …except on a transport that changed kind, whose old settings no longer apply.
  if (previousTransport && previousTransport['kind'] === values['transport.kind']) config['transport'] = { ...previousTransport };
  for (const field of FIELDS[deviceClass]) {
    const parts = field.path.split('.');
    const owner = parts.length === 2 ? ((config[parts[0]!] ??= {}) as Record<string, unknown>) : config;
    const key = parts.at(-1)!;
    const text = (values[field.path] ?? '').trim();
    if ((field.when && !field.when(values)) || (text === '' && field.optional)) {
      delete owner[key];
      continue;
    }
    if (text === '') {
      problems.push(`${field.label}: required.`);
      continue;
    }
    switch (field.kind) {
      case 'int':
      case 'number': {
        const n = Number(text);
        if (!Number.isFinite(n) || (field.kind === 'int' && !Number.isInteger(n))) problems.push(`${field.label}: a ${field.kind === 'int' ? 'whole ' : ''}number.`);
        else owner[key] = n;
        break;
      }
      case 'hex': {
        const n = /^(0x)?[0-9a-f]{1,4}$/i.test(text) ? Number.parseInt(text.replace(/^0x/i, ''), 16) : Number.NaN;
        if (Number.isNaN(n)) problems.push(`${field.label}: four hex digits, for example 0c2e.`);
        else owner[key] = n;
        break;
      }
      case 'bool':
        owner[key] = text === 'true';
        break;
      case 'choice':
        owner[key] = /^[0-9.]+$/.test(text) ? Number(text) : text;
        break;
      default:
        owner[key] = text;
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}
