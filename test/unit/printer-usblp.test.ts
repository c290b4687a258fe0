// UsbLpTransport against a named pipe: no usblp device in CI, but a FIFO opened O_RDWR behaves
// like the node's two directions folded into one (what is written is read back), which exercises
// the non-blocking write loop, the EAGAIN-polling read window and close().
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describePrinterOpenFailure } from '../../src/hardware/devices/printerLink.ts';
import { UsbLpTransport } from '../../src/hardware/transports/usbLpTransport.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function fifo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-usblp-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'lp0');
  execFileSync('mkfifo', [file]);
  return file;
}

describe('UsbLpTransport', () => {
  it('writes a job and reads the backchannel within the window after the write', async () => {
    const link = new UsbLpTransport({ path: fifo(), readPollMs: 5 });
    cleanups.push(() => link.close());
    const received: Buffer[] = [];
    link.onData((bytes) => received.push(Buffer.from(bytes)));
    await link.open();
    expect(link.isOpen).toBe(true);
    const job = Buffer.from('^XA^FDZoë^FS^XZ~HS', 'utf8');
    await link.write(job);
    const deadline = Date.now() + 5000;
    while (Buffer.concat(received).length < job.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(Buffer.concat(received).equals(job)).toBe(true);
    await link.close();
    expect(link.isOpen).toBe(false);
    await expect(link.write(job)).rejects.toThrow(/not open/);
  });

  it('rejects opening a node that is not there, with words that say what to do', async () => {
    const link = new UsbLpTransport({ path: '/nonexistent/usb/lp9' });
    const err = await link.open().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENOENT' });
    expect(describePrinterOpenFailure(err, link.address)).toBe('/nonexistent/usb/lp9 not found — check that the printer is plugged in and switched on');
  });
});
