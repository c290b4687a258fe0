import { PrinterSerialTransport } from '../transports/index.ts';
import { PrinterTcpTransport } from '../transports/index.ts';
import type { PrinterTransport } from '../transports/index.ts';
import { UsbLpTransport } from '../transports/index.ts';
import type { LabelPrinterLink } from '../../shared/devices/index.ts';

/** The transport a printer's configured link needs. */
export function transportFor(link: LabelPrinterLink): PrinterTransport {
  switch (link.kind) {
    case 'tcp':
      return new PrinterTcpTransport({ host: link.host, port: link.port });
    case 'usb':
      return new UsbLpTransport({ path: link.path });
    case 'serial': {
      const { baudRate, dataBits, parity, stopBits } = link;
      return new PrinterSerialTransport(link.path, { baudRate, dataBits, parity, stopBits });
    }
  }
}

/** Why a link could not be opened, in words that say what to do. */
export function describePrinterOpenFailure(err: unknown, address: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'ECONNREFUSED') return `Printer at ${address} refused the connection — check that it is switched on`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENOTFOUND' || /no answer from/.test(message)) {
    return `Printer at ${address} not reachable — check its network cable and address`;
  }
  if (code === 'ENOENT' || /no such file or directory/i.test(message)) {
    return `${address} not found — check that the printer is plugged in and switched on`;
  }
  if (code === 'EACCES' || code === 'EPERM' || /permission denied/i.test(message)) {
    return `No permission to open ${address} — add the station user to the lp group or install the udev rule`;
  }
  if (code === 'EBUSY' || /cannot lock port/i.test(message)) {
    return `${address} is in use by another program (CUPS?) — close it and the station retries`;
  }
  return `Cannot open ${address}: ${message}`;
}
