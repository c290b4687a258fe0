import { describe, expect, it } from 'vitest';
import { deviceWords } from '../../src/renderer/screens/deviceWords.ts';
import type { DeviceStatus } from '../../src/shared/contract/index.ts';

const status = (change: Partial<DeviceStatus>): DeviceStatus => ({
  deviceId: 'scale-sim',
  deviceClass: 'scale',
  name: 'Scale (simulated, MT-SICS)',
  health: 'online',
  detail: null,
  lastReading: '480.00 g stable',
  simulated: true,
  at: '2026-12-06T10:00:00.000Z',
  ...change,
});

describe('what the device bar says about one device (issue 12, point 11)', () => {
  it('shows an online device’s last reading', () => {
    expect(deviceWords(status({}))).toEqual({
      name: 'Scale (simulated, MT-SICS)',
      health: 'Online',
      state: 'Online',
      reading: '480.00 g stable',
      full: 'Scale (simulated, MT-SICS) — Online — 480.00 g stable',
    });
  });

  it('shows no reading for an offline scale: its last "480.00 g stable" is not a weight on it now', () => {
    const words = deviceWords(status({ health: 'offline', detail: 'unplugged' }));
    expect(words.reading).toBeNull();
    expect(words.state).toBe('Offline — unplugged');
    expect(words.full).not.toContain('480');
  });

  it('says one state for a printer out of paper: "Fault — Paper out", never "… ready" beside it', () => {
    const words = deviceWords(status({ deviceId: 'printer-sim', deviceClass: 'printer', name: 'Label printer', health: 'fault', detail: 'Paper out', lastReading: 'ready' }));
    expect(words.state).toBe('Fault — Paper out');
    expect(words.health).toBe('Fault');
    expect(words.reading).toBeNull();
    expect(words.full).toBe('Label printer — Fault — Paper out');
  });

  it('keeps a long code whole in the full text (the chip cuts it, the tip and the panel do not)', () => {
    const code = `ABC-${'9'.repeat(300)}`;
    expect(deviceWords(status({ deviceClass: 'scanner', name: 'Scanner', lastReading: `T6B-4HJ-P0V ← ${code}` })).full).toContain(code);
  });

  it('treats an empty detail or reading as none', () => {
    expect(deviceWords(status({ detail: '  ', lastReading: '' }))).toMatchObject({ state: 'Online', reading: null, full: 'Scale (simulated, MT-SICS) — Online' });
  });
});
