// What allocated the most in a sampling heap profile (bench/memory-probe.ts's, or a .heapprofile):
// `node bench/heapprofile-top.ts <file> [rows] [filter]`. Self bytes per function first; with a
// filter (a regular expression over "name file:line"), the bytes allocated under the matching functions.
import { readFileSync } from 'node:fs';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

const [file, rowsArg, filter] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/heapprofile-top.ts <file> [rows] [filter]');
const rows = Number(rowsArg ?? 30);
const root = (JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode }).head;
const label = (node: HeapNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/node_modules\//, 'nm/').replace(/^file:\/\/.*?\/(src|bench|test)\//, '$1/');
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
};
const mb = (bytes: number) => Math.round(bytes / 10_485.76) / 100;

const self = new Map<string, number>();
const under = new Map<string, number>();
let total = 0;
/** Walks the tree; `open` holds the matching labels already on the path (counted once each). */
const walk = (node: HeapNode, open: Set<string>) => {
  const name = label(node);
  total += node.selfSize;
  self.set(name, (self.get(name) ?? 0) + node.selfSize);
  const matched = filter !== undefined && new RegExp(filter).test(name) && !open.has(name);
  const path = matched ? new Set([...open, name]) : open;
  for (const on of path) under.set(on, (under.get(on) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child, path);
};
walk(root, new Set());
const table = [...(filter ? under : self)].sort((a, b) => b[1] - a[1]).slice(0, rows);
process.stdout.write(`${mb(total)} MB sampled in all\n`);
for (const [name, bytes] of table) process.stdout.write(`${String(mb(bytes)).padStart(9)} MB  ${name}\n`);
