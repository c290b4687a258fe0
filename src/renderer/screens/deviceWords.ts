import type { DeviceHealth, DeviceStatus } from '../../shared/contract/index.ts';

export const HEALTH_WORDS: Readonly<Record<DeviceHealth, string>> = {
  online: 'Online',
  offline: 'Offline',
  fault: 'Fault',
};

/** What the device bar and its panel say about one device, in one consistent state. */
export interface DeviceWords {
  name: string;
  /** The health word alone: what the compact chip says (the detail is in its tip and the panel). */
  health: string;
  /** The health word, with the station's detail when the device is not simply online. */
  state: string;
  /**
   * The last reading, only while the device is online: an offline scale's "480.00 g stable" or a
   * printer's "ready" beside "Fault — Paper out" would say two things at once.
   */
  reading: string | null;
  /** Everything, for the title, the tip shown on focus or hover, and screen readers. */
  full: string;
}

export function deviceWords(status: DeviceStatus): DeviceWords {
  const health = HEALTH_WORDS[status.health];
  const state = status.detail !== null && status.detail.trim() !== '' ? `${health} — ${status.detail}` : health;
  const reading = status.health === 'online' && status.lastReading !== null && status.lastReading.trim() !== '' ? status.lastReading : null;
  return { name: status.name, health, state, reading, full: [status.name, state, reading].filter((part) => part !== null).join(' — ') };
}
