// A station in its own process, driven line by line over stdin (JSON: {as, pin, command, args}),
// answering each line with one JSON result on stdout. The kill tests SIGKILL it between steps.
import { createInterface } from 'node:readline';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Station } from '../../src/main/core/station.ts';
import { Store } from '../../src/main/store/index.ts';
import { SopLibrary } from '../../src/main/core/sopLibrary.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';

const [dbPath] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: stationChild.ts <db>');

// A cabinet that accepts every request and delivers an image for it, as a real cabinet's hot folder would.
const station: Station = new Station({
  store: Store.open(dbPath),
  mode: 'live',
  version: 'test',
  simulatedDevices: false,
  validateContract: true,
  protocols: new SopLibrary({ dataDir: path.dirname(dbPath), log: () => undefined }),
  cabinets: {
    requestScan: async (_deviceId: string | undefined, scanRef: string) => {
      setImmediate(() => {
        const sha256 = createHash('sha256').update(scanRef).digest('hex');
        station.screening.attachImage(scanRef, sha256, `images/${sha256}.png`);
      });
      return { accepted: true as const, deviceId: 'xray-test' };
    },
  },
  idleCheckMs: 0,
  // The scripts drive several operators' screens side by side; the one-operator rule has its own tests.
  oneOperatorAtATime: false,
});

const sessions = new Map<string, StationConnection>();
async function as(badge: string | undefined, pin: string | undefined): Promise<StationConnection> {
  const key = badge ?? '';
  let connection = sessions.get(key);
  if (!connection) {
    connection = station.connect();
    if (badge) {
      const login = await connection.call('session.login', { badge, pin });
      if (!login.ok) throw new Error(`login ${badge}: ${login.error.message}`);
    }
    sessions.set(key, connection);
  }
  return connection;
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const { as: badge, pin, command, args } = JSON.parse(line) as { as?: string; pin?: string; command: string; args: unknown };
  const result = await (await as(badge, pin)).call(command, args);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
station.close();
