import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { encodeHidScannerReport } from '../../src/hardware/index.ts';

// The support engineer's tool: one captured frame in, one JSON line out, for every protocol.
describe('decode CLI', () => {
  it('decodes a ZPL ~HS reply typed with escapes: paper out and paused', () => {
    const reply = '\\x02030,1,1,1225,000,0,0,0,000,0,0,0\\x03\\r\\n\\x02001,0,0,1,1,2,6,0,00000100,1,000\\x03\\r\\n\\x021234,0\\x03\\r\\n';
    const result = runCli(['decode', 'zpl-status', reply]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ protocol: 'zpl-status', frame: { paperOut: true, paused: true } });
  });

  it('decodes a HID POS scanner report with its AIM identifier', () => {
    const report = encodeHidScannerReport({ data: new TextEncoder().encode('1Z5R89390357567127'), aim: ']C0' });
    const hex = Buffer.from(report).toString('hex');
    const result = runCli(['decode', 'hid-scanner', hex]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).frame).toMatchObject({ aim: ']C0' });
    expect(result.stdout).toContain('1Z5R89390357567127');
  });

  it('splits a GS1-128 scan into application identifiers', () => {
    const result = runCli(['decode', 'aim', ']C1010950110153000310ABC123']);
    expect(JSON.parse(result.stdout).frame).toMatchObject({ symbology: 'GS1-128', gs1: { ok: true, elements: [{ ai: '01', value: '09501101530003' }, { ai: '10', value: 'ABC123' }] } });
  });

  it('decodes an X-ray cabinet status line', () => {
    const result = runCli(['decode', 'xray-line', 'STATUS door=open interlock=open key=on beam=off fault=-']);
    expect(JSON.parse(result.stdout).frame).toMatchObject({ kind: 'status', report: { door: 'open', interlock: 'open' } });
  });

  it('refuses garbage with a clear error on stderr and exit 2, printing nothing on stdout', () => {
    const result = runCli(['decode', 'xray-line', 'HELLO WORLD']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/not a valid xray-line frame/);
    expect(runCli(['decode', 'carrier-pigeon', 'x']).stderr).toMatch(/unknown protocol/);
  });
});
