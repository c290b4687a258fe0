// A label printer on a serial line: LabelPrinter's serial link (the station's SerialTransport)
// over a socat pty pair, with a minimal Zebra at the device end answering ~HS.
import { describe, expect, it } from 'vitest';
import { LabelPrinter } from '../../src/hardware/devices/labelPrinter.ts';
import { formatHostStatus, parseHostStatus } from '../../src/hardware/protocols/zplStatus.ts';
import { createSocatPair } from '../../src/hardware/simulators/socatPair.ts';
import { SerialTransport } from '../../src/hardware/transports/serialTransport.ts';
import { useCleanups } from '../helpers/cleanups.ts';
import { UNPLUG_NOTICED_MS, waitFor } from '../helpers/wait.ts';

const cleanups = useCleanups();

const READY = parseHostStatus('\x02030,0,0,1218,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,0,0,2,6,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n');

describe('LabelPrinter over a serial line', () => {
  it('polls ~HS, prints, and reports the unplug', async () => {
    if (!READY.ok) throw new Error('bad fixture');
    const ptys = await createSocatPair();
    cleanups.push(() => ptys.close());
    const device = new SerialTransport();
    cleanups.push(() => device.close());
    await device.open(ptys.devicePath, { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    let received = '';
    let paperOut = false;
    device.on('data', ({ bytes }) => {
      received += bytes.toString('latin1');
      while (received.includes('~HS')) {
        received = received.replace('~HS', '');
        void device.write(formatHostStatus({ ...READY.status, paperOut })).catch(() => undefined);
      }
    });

    const printer = new LabelPrinter(
      { id: 'zebra-s', name: 'Serial printer', transport: { kind: 'serial', path: ptys.stationPath }, statusPollMs: 100 },
      { reconnect: { initialMs: 20, maxMs: 200 }, confirmPollMs: 20 },
    );
    cleanups.push(() => printer.stop());
    printer.start();
    await waitFor('online', () => printer.status.health === 'online');

    await printer.print('^XA^FDserial^FS^XZ');
    expect(received).toContain('^XA^FDserial^FS^XZ');

    paperOut = true;
    await waitFor('paper out', () => printer.status.detail === 'Paper out — load labels');

    await ptys.close();
    await waitFor('offline after unplug', () => printer.status.health === 'offline', UNPLUG_NOTICED_MS);
  });
});
