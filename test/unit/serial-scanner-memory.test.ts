// SerialScanner on an in-memory serial port: framing, AIM identifiers and health without socat
// (test/integration/serial-scanner.test.ts runs the same driver against the simulator over a pty).
import { afterEach, describe, expect, it } from 'vitest';
import { SerialScanner } from '../../src/hardware/devices/serialScanner.ts';
import type { ScannerScan } from '../../src/hardware/devices/serialScanner.ts';
import { MemorySerialTransport } from '../../src/hardware/transports/memorySerialTransport.ts';
import { waitFor } from '../helpers/wait.ts';

const scanners: SerialScanner[] = [];
afterEach(async () => {
  for (const scanner of scanners.splice(0)) await scanner.stop();
});

function rig(terminator: 'CR' | 'LF' | 'CRLF' = 'CR') {
  const transport = new MemorySerialTransport();
  const scanner = new SerialScanner({ id: 'scanner-1', name: 'Intake scanner', path: '/dev/mailscanner0', terminator }, { transport, reconnect: { initialMs: 10, maxMs: 20 } });
  scanners.push(scanner);
  const scans: ScannerScan[] = [];
  scanner.on('scan', (scan) => scans.push(scan));
  return { transport, scanner, scans };
}

describe('SerialScanner on a MemorySerialTransport', () => {
  it('opens with its line defaults, and takes a scan split anywhere, AIM identifier split off', async () => {
    const { transport, scanner, scans } = rig();
    scanner.start();
    await waitFor('scanner online', () => scanner.status.health === 'online');
    expect(transport.settings).toEqual({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    for (const chunk of [']C', '0RB1234', '56785GB\r', ']E0', '4006381333931\r']) transport.deliver(chunk);
    expect(scans.map((s) => [s.data, s.aim, s.symbology])).toEqual([
      ['RB123456785GB', ']C0', 'Code 128'],
      ['4006381333931', ']E0', 'EAN-13'],
    ]);
  });

  it('is offline while unplugged and online again once plugged back in, without a restart', async () => {
    const { transport, scanner, scans } = rig();
    scanner.start();
    await waitFor('scanner online', () => scanner.status.health === 'online');
    transport.deliver(']C1HALF-A-SC'); // the cable is pulled mid-scan
    transport.unplug();
    expect(scanner.status).toMatchObject({ health: 'offline', detail: '/dev/mailscanner0 disconnected' });
    transport.plug();
    await waitFor('scanner back online', () => scanner.status.health === 'online' && transport.opens === 2, 10_000);
    transport.deliver(']C1RB123456785GB\r');
    // The half scan from before the unplug is not glued to the front of the next one.
    expect(scans.map((s) => s.data)).toEqual(['RB123456785GB']);
  });
});
