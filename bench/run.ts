// `npm run bench`: every benchmark prints one JSON line, with ratios against a baseline measured
// in the same run on the same machine (absolute times on a shared CI machine mean little).
import { intakeBench } from './intake.bench.ts';

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  intake: intakeBench,
};

const only = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`${JSON.stringify(await run())}\n`);
}
