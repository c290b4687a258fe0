// The functions a .cpuprofile spent most time in: `node bench/cpuprofile-top.ts <file> [rows] [filter]`.
// Self time first; with a filter (a regular expression over "name file:line"), inclusive time of the matching functions.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg, filter] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/cpuprofile-top.ts <file.cpuprofile> [rows] [filter]');
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/node_modules\//, 'nm/').replace(/^file:\/\/.*?\/(src|bench|test)\//, '$1/');
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
};

const sampled = new Map<number, number>();
let totalUs = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  sampled.set(id, (sampled.get(id) ?? 0) + us);
  totalUs += us;
});
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of sampled) {
  const key = label(byId.get(id)!);
  self.set(key, (self.get(key) ?? 0) + us);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = label(byId.get(at)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
}
const line = ([name, us]: [string, number]) => `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${name}`;
console.log(`total ${(totalUs / 1000).toFixed(0)} ms; self time:`);
for (const entry of [...self].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(line(entry));
if (filter) {
  const matching = new RegExp(filter);
  console.log(`inclusive time of /${filter}/:`);
  for (const entry of [...inclusive].filter(([name]) => matching.test(name)).sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(line(entry));
}
