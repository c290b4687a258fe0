// SerialScale's state machine on an in-memory serial port: what it sends and when it calls the
// scale online, silent or undecodable, for each way a dialect delivers the weight (polled, streamed
// on request, pushed unasked). Fake timers: what is checked is what the driver does at each poll
// and timeout, not how long anything took. The same driver against the simulators over socat is
// test/integration/scale-serial.test.ts.
import { describe, expect, it } from 'vitest';
import type { SerialScaleDialect } from '../../src/hardware/devices/serialScaleDialect.ts';
import { serialScaleDialect } from '../../src/hardware/devices/serialScaleDialects.ts';
import { parseSerialScaleConfig } from '../../src/shared/devices/serialScale.ts';
import { ScaleReading } from '../../src/shared/contract/scale.ts';
import { useScaleRigs } from '../helpers/serialScaleRig.ts';

const POLL_MS = 100;
const TIMEOUT_MS = 500;
const BASE = { id: 'scale-1', name: 'Bench scale', path: '/dev/mailscale0', pollMs: POLL_MS, replyTimeoutMs: TIMEOUT_MS };

/** A scale that sends MT-SICS lines unasked, as a Toledo in continuous mode pushes its own format. */
const PUSHING: SerialScaleDialect = {
  delivery: { kind: 'push' },
  zeroCommand: null,
  createFramer: () => serialScaleDialect(parseSerialScaleConfig({ ...BASE, protocol: 'mt-sics' })).createFramer(),
};

const { rig, elapse } = useScaleRigs();

describe('a polled scale (MT-SICS SI, NCI W): one request at a time, silent when a request goes unanswered', () => {
  it('asks on open, and asks again only once the scale has answered', async () => {
    const { transport, scale, readings, sent } = rig({ ...BASE, protocol: 'mt-sics' });
    scale.start();
    await elapse(0);
    expect(transport.settings).toEqual({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    expect(sent()).toEqual(['SI\r\n']);
    expect(scale.status).toMatchObject({ health: 'offline', detail: '/dev/mailscale0 is open: waiting for the scale to answer' });

    await elapse(POLL_MS * 3); // unanswered, within the timeout: no second request on top
    expect(sent()).toEqual(['SI\r\n']);

    transport.deliver('S S     100.00 g\r\n');
    expect(scale.status.health).toBe('online');
    expect(readings).toHaveLength(1);
    expect(ScaleReading.parse(readings[0])).toEqual(readings[0]);
    expect(readings[0]).toMatchObject({ deviceId: 'scale-1', condition: 'stable', value: '100.00', unit: 'g', grams: 100 });
    await elapse(POLL_MS);
    expect(sent()).toEqual(['SI\r\n', 'SI\r\n']);
  });

  it('takes a reply split anywhere, byte by byte', async () => {
    const { transport, scale, readings } = rig({ ...BASE, protocol: 'mt-sics' });
    scale.start();
    await elapse(0);
    for (const byte of Buffer.from('S D      12.50 g\r\n', 'latin1')) transport.deliver(Uint8Array.of(byte));
    expect(readings.map((r) => [r.condition, r.value])).toEqual([['inMotion', '12.50']]);
  });

  it('goes offline when a request is not answered in replyTimeoutMs, and says "cannot be decoded" when bytes came but no reply', async () => {
    const { transport, scale, sent } = rig({ ...BASE, protocol: 'mt-sics' });
    scale.start();
    await elapse(0);
    transport.deliver('S S     100.00 g\r\n');
    await elapse(POLL_MS);
    expect(scale.status.health).toBe('online');
    const asked = sent().length;

    await elapse(TIMEOUT_MS + POLL_MS); // the scale was switched off
    expect(scale.status).toMatchObject({ health: 'offline', detail: expect.stringContaining('no answer from the scale on /dev/mailscale0 within 500 ms') });
    expect(sent().length).toBe(asked + 1); // the failed request is dropped, and the scale is asked again, once

    transport.deliver('\x00\x7f garbage at the wrong baud rate\r\n');
    await elapse(TIMEOUT_MS + POLL_MS);
    expect(scale.status).toMatchObject({ health: 'fault', detail: expect.stringContaining('replies cannot be decoded: check that the protocol (mt-sics)') });
    expect(scale.parseErrors).toBeGreaterThan(0);
  });

  it('speaks NCI with its own line defaults (7E1), and zeroes with Z', async () => {
    const { transport, scale, readings, sent } = rig({ ...BASE, protocol: 'nci' });
    scale.start();
    await elapse(0);
    expect(transport.settings).toEqual({ baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 });
    expect(sent()).toEqual(['W\r']);
    transport.deliver('\n0001.25LB\r\n00\r\x03');
    expect(scale.status.health).toBe('online');
    expect(readings.at(-1)).toMatchObject({ condition: 'stable', value: '1.25', unit: 'lb', grams: 566.9904625 });

    const zeroed = scale.zero();
    expect(sent().at(-1)).toBe('Z\r');
    transport.deliver('\n20\r\x03'); // status: at zero (bit 1), stable
    await expect(zeroed).resolves.toEqual({ ok: true });
  });

  it('is offline, not fault, while unplugged, and asks again once plugged back in', async () => {
    const { transport, scale, sent } = rig({ ...BASE, protocol: 'mt-sics' });
    scale.start();
    await elapse(0);
    transport.deliver('S S     100.00 g\r\n');
    transport.unplug();
    expect(scale.status).toMatchObject({ health: 'offline', detail: '/dev/mailscale0 disconnected' });
    await elapse(200);
    expect(scale.status).toMatchObject({ health: 'offline', detail: '/dev/mailscale0 not found: check that the device is plugged in' });
    const before = sent().length;
    transport.plug();
    await elapse(200);
    expect(transport.opens).toBe(2);
    expect(sent().slice(before)).toContain('SI\r\n');
  });
});

describe('a scale that streams on request (MT-SICS SIR)', () => {
  it('asks once per connection, never polls, and asks again after a silence', async () => {
    const { transport, scale, readings, sent } = rig({ ...BASE, protocol: 'mt-sics', stream: true });
    scale.start();
    await elapse(0);
    expect(sent()).toEqual(['SIR\r\n']);
    for (let i = 0; i < 6; i += 1) {
      transport.deliver('S S     250.00 g\r\n');
      await elapse(POLL_MS);
    }
    expect(readings).toHaveLength(6);
    expect(scale.status.health).toBe('online');
    expect(sent()).toEqual(['SIR\r\n']);

    await elapse(TIMEOUT_MS + POLL_MS); // switched off and on: it has forgotten SIR
    expect(scale.status).toMatchObject({ health: 'offline', detail: expect.stringContaining('no answer from the scale') });
    expect(sent()).toEqual(['SIR\r\n', 'SIR\r\n']);
    transport.deliver('S S     250.00 g\r\n');
    expect(scale.status.health).toBe('online');
  });
});

describe('a scale that pushes its weight unasked', () => {
  it('sends nothing, is online on the first frame, offline after a silence, online again when frames resume', async () => {
    const { transport, scale, readings, sent, statuses } = rig({ ...BASE, protocol: 'mt-sics' }, { dialect: PUSHING });
    scale.start();
    await elapse(POLL_MS * 3);
    expect(sent()).toEqual([]);
    expect(scale.status.health).toBe('offline');

    transport.deliver('S S      42.00 g\r\nS S      42.00 g\r\n');
    expect(readings.map((r) => r.grams)).toEqual([42, 42]);
    expect(scale.status.health).toBe('online');

    await elapse(TIMEOUT_MS * 3);
    expect(sent()).toEqual([]);
    expect(scale.status).toMatchObject({ health: 'offline', detail: expect.stringContaining('no answer from the scale on /dev/mailscale0') });
    // One silence is reported once, not at every tick.
    expect(statuses.filter((s) => s.detail?.startsWith('no answer'))).toHaveLength(1);

    transport.deliver('S S      43.00 g\r\n');
    expect(scale.status.health).toBe('online');
    expect(readings.at(-1)?.grams).toBe(43);
  });

  it('refuses a zero it cannot ask for, in words the operator can act on', async () => {
    const { transport, scale, sent } = rig({ ...BASE, protocol: 'mt-sics' }, { dialect: PUSHING });
    scale.start();
    await elapse(0);
    transport.deliver('S S      42.00 g\r\n');
    await expect(scale.zero()).resolves.toEqual({ ok: false, reason: 'this scale is zeroed on its own keypad, not from the station' });
    expect(sent()).toEqual([]);
  });
});

// Issue 12, point 17: what an MT-SICS scale answered instead of a weight reaches its status (the
// device bar, the admin's device list, the weigh step) in words, not as a bare code.
describe('an MT-SICS scale that answers with an error or a refusal says what it means in its status', () => {
  it.each<[string, 'fault' | 'online', RegExp]>([
    ['ES', 'fault', /^the scale answered ES — syntax error: the scale did not recognise the command.*; check that the scale is set to MT-SICS/],
    ['ET', 'fault', /^the scale answered ET — transmission error: .*parity error.*; check that the line settings/],
    ['EL', 'fault', /^the scale answered EL — logical error: the scale cannot execute the command; check/],
    ['S L', 'fault', /^the scale answered S L — command understood but not executable: a parameter is wrong/],
    ['S I', 'online', /^the scale answered S I — command understood but not executable now: the scale is busy.*; wait/],
    ['S +', 'online', /^the scale answered S \+ — overload: .*; take the load off/],
    ['S -', 'online', /^the scale answered S - — underload: .*weighing pan/],
    ['SI +', 'online', /^the scale answered SI \+ — overload/],
  ])('%s', async (line, health, words) => {
    const { transport, scale } = rig({ ...BASE, protocol: 'mt-sics' });
    scale.start();
    await elapse(0);
    transport.deliver(`${line}\r\n`);
    expect(scale.status).toMatchObject({ health, detail: expect.stringMatching(words) });
    // A weight again: online, and the words go.
    await elapse(POLL_MS);
    transport.deliver('S S     100.00 g\r\n');
    expect(scale.status).toMatchObject({ health: 'online', detail: null });
  });
});
