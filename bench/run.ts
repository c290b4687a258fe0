// `npm run bench`: every benchmark prints one JSON line, with ratios against a baseline measured
// in the same run on the same machine (absolute times on a shared CI machine mean little).
// `npm run bench -- decoders` runs only the named benchmarks.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodersBench } from './decoders.bench.ts';
import { intakeBench } from './intake.bench.ts';
import { recordsBench } from './records.bench.ts';
import { scaleLatencyBench } from './scale-latency.bench.ts';

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  intake: intakeBench,
  decoders: decodersBench,
  'scale-latency': scaleLatencyBench,
  'scan-to-screen': async () => (await import('./scan-to-screen.bench.ts')).scanToScreenBench(),
  records: recordsBench,
  chain: async () => (await import('./chain.bench.ts')).chainBench(),
  'web-load': async () => (await import('./web-load.bench.ts')).webLoadBench(),
  'station-rss': async () => (await import('./station-rss.bench.ts')).stationRssBench(),
  'daily-log-pdf': async () => (await import('./daily-log-pdf.bench.ts')).dailyLogPdfBench(),
  'directory-search': async () => (await import('./directory-search.bench.ts')).directorySearchBench(),
  'site-publish': async () => (await import('./site-publish.bench.ts')).sitePublishBench(),
  'site-dashboard': async () => (await import('./site-dashboard.bench.ts')).siteDashboardBench(),
  'site-console': async () => (await import('./site-console.bench.ts')).siteConsoleBench(),
};

// The SQLite extension verify hashes with (scripts/build-native.sh), built as `npm run build` builds
// it, so that the benches measure the sources they run; without a C compiler the script says so.
execFileSync('sh', ['scripts/build-native.sh'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });

const only = process.argv.slice(2);
for (const name of only) {
  if (!Object.hasOwn(benches, name)) throw new Error(`no benchmark "${name}"; there are: ${Object.keys(benches).join(', ')}`);
}
for (const [name, run] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`${JSON.stringify(await run())}\n`);
}
