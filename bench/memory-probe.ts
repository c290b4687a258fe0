// Loaded with `node --import` into a station process the station-rss bench starts: once a second
// it writes the process's memory (process.memoryUsage(), bytes) as JSON to the file named by
// MAILSCREEN_MEMORY_PROBE_FILE, which the bench reads. A file, not an inherited descriptor: serve
// relaunches itself with its memory settings (execve keeps only the standard streams), and the
// probe comes along in its arguments. It changes nothing in the station; its timer does not keep
// the process alive.
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env.MAILSCREEN_MEMORY_PROBE_FILE;
const everyMs = Number(process.env.MAILSCREEN_MEMORY_PROBE_MS ?? 1000);

if (file) {
  const timer = setInterval(() => {
    try {
      // Whole or not at all: the bench may read while this writes.
      writeFileSync(`${file}.${process.pid}`, JSON.stringify({ pid: process.pid, ...process.memoryUsage() }));
      renameSync(`${file}.${process.pid}`, file);
    } catch {
      // The bench has gone (and its folder with it): nobody to tell.
      clearInterval(timer);
    }
  }, everyMs);
  timer.unref();
}
