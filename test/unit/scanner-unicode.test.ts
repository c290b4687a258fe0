// A scanner set to UTF-8 output sends names and unicode codes as UTF-8 bytes: the driver reads them
// as written (it read every byte as latin1, so "Zoë" came out "ZoÃ«"); a latin1 scanner still works.
import { afterEach, describe, expect, it } from 'vitest';
import { SerialScanner, type ScannerScan } from '../../src/hardware/devices/serialScanner.ts';
import { scanText } from '../../src/hardware/protocols/index.ts';
import { createBurstClassifier } from '../../src/shared/domain/scanBurst.ts';
import { MemorySerialTransport } from '../../src/hardware/transports/memorySerialTransport.ts';
import { waitFor } from '../helpers/wait.ts';

const scanners: SerialScanner[] = [];
afterEach(async () => {
  for (const scanner of scanners.splice(0)) await scanner.stop();
});

const latin1 = (bytes: Buffer) => bytes.toString('latin1');

describe('scan text', () => {
  it('reads UTF-8 bytes as UTF-8 and anything else as latin1', () => {
    expect(scanText(latin1(Buffer.from('Zoë Ångström', 'utf8')))).toBe('Zoë Ångström');
    expect(scanText(latin1(Buffer.from('東京-📦', 'utf8')))).toBe('東京-📦');
    expect(scanText(latin1(Buffer.from('Zoë', 'latin1')))).toBe('Zoë');
    expect(scanText('\u001d0109501101530003')).toBe('\u001d0109501101530003');
  });

  it('takes a UTF-8 scan from a serial scanner exactly, split anywhere, multi-byte characters included', async () => {
    const transport = new MemorySerialTransport();
    const scanner = new SerialScanner({ id: 'scanner-1', name: 'Intake scanner', path: '/dev/mailscanner0', terminator: 'CR' }, { transport, reconnect: { initialMs: 10, maxMs: 20 } });
    scanners.push(scanner);
    const scans: ScannerScan[] = [];
    scanner.on('scan', (scan) => scans.push(scan));
    scanner.start();
    await waitFor('scanner online', () => scanner.status.health === 'online');
    const bytes = Buffer.from(']C0Zoë Ångström 東京 📦\r', 'utf8');
    // Split inside a multi-byte character: the frame is whole before it is read.
    transport.deliver(bytes.subarray(0, 6));
    transport.deliver(bytes.subarray(6));
    transport.deliver(Buffer.from('Zoë\r', 'latin1'));
    expect(scans.map((s) => s.data)).toEqual(['Zoë Ångström 東京 📦', 'Zoë']);
  });
});

describe('a keyboard-wedge scan with characters outside the BMP', () => {
  it('keeps 📦 in the scan (its key is two UTF-16 units) instead of cutting the burst there', () => {
    const c = createBurstClassifier();
    const keys = [...'東京-📦-Zoë'].map((key, i) => ({ key, at: i * 5 }));
    const scans = [...keys.map((k) => c.key(k)), c.key({ key: 'Enter', at: keys.length * 5 })].flatMap((step) => step.scans);
    expect(scans.map((s) => s.data)).toEqual(['東京-📦-Zoë']);
  });
});
