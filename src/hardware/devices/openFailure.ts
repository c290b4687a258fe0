import type { DeviceHealth } from '../../shared/contract/index.ts';
import type { SerialLineSettings, SerialLineTransport } from '../transports/index.ts';
import type { ConnectOutcome } from './reconnectLoop.ts';

export interface OpenFailure {
  health: DeviceHealth;
  detail: string;
}

/**
 * Turns a failed serial open into what the device bar shows and what the operator should do.
 * @serialport/bindings-cpp reports open failures as plain Errors carrying only strerror() text
 * (no `code`), so the OS reason is recognised by its wording.
 * A missing port is "offline" (unplugged: plugging it in fixes it); anything else is a "fault"
 * that needs someone to act, though the device keeps retrying either way.
 */
export function describeOpenFailure(err: unknown, path: string): OpenFailure {
  const message = err instanceof Error ? err.message : String(err);
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT' || /no such file or directory/i.test(message)) {
    return { health: 'offline', detail: `${path} not found: check that the device is plugged in` };
  }
  if (code === 'EACCES' || code === 'EPERM' || /permission denied|operation not permitted/i.test(message)) {
    return {
      health: 'fault',
      detail: `no permission to open ${path}: add the station user to the dialout group or install the udev rule`,
    };
  }
  if (/cannot lock port/i.test(message)) {
    return { health: 'fault', detail: `${path} is in use by another program: close it and the station retries` };
  }
  return { health: 'fault', detail: `cannot open ${path}: ${message}` };
}

/**
 * One connect attempt of a serial driver (see ReconnectLoop): open the port, say why not in
 * operator words, and close a port whose open finished after the attempt was superseded.
 */
export async function connectSerialPort(
  transport: SerialLineTransport,
  port: SerialLineSettings & { path: string },
  superseded: () => boolean,
): Promise<ConnectOutcome<string>> {
  const { path, baudRate, dataBits, parity, stopBits } = port;
  try {
    await transport.open(path, { baudRate, dataBits, parity, stopBits });
  } catch (err) {
    if (superseded()) return { kind: 'superseded' };
    return { kind: 'failed', ...describeOpenFailure(err, path) };
  }
  if (superseded()) {
    await transport.close();
    return { kind: 'superseded' };
  }
  return { kind: 'open', opened: path };
}

/**
 * What an open serial port going away means to the operator: an unplug (USB-serial adapter pulled)
 * fixes itself when it is plugged back in; any other I/O error is a fault someone should look at.
 */
export function serialLossStatus(path: string, reason: string, unplugged: boolean): OpenFailure {
  if (unplugged) return { health: 'offline', detail: `${path} disconnected` };
  return { health: 'fault', detail: `I/O error on ${path}: ${reason}` };
}
