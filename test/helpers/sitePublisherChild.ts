// A station's publisher in a process of its own, for a test to SIGKILL mid-batch: publishes a
// made-up chain in batches, printing the site's head after each.
// argv: <connection string> <station> <events> <batch size>
import { PostgresSiteLink } from '../../src/main/site/index.ts';
import { syntheticChain } from './siteEvents.ts';

const [url, station, total, size] = process.argv.slice(2) as [string, string, string, string];
const events = syntheticChain(station, Number(total));
const link = new PostgresSiteLink(url);
const head = await link.head(station);
for (let from = head?.seq ?? 0; from < events.length; from += Number(size)) {
  const reached = await link.publish(station, events.slice(from, from + Number(size)));
  process.stdout.write(`${JSON.stringify(reached)}\n`);
}
await link.close();
