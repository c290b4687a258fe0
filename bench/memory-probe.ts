// Loaded with `node --import` into a station process the station-rss bench starts: once a second
// it writes the process's memory (process.memoryUsage(), bytes) as one JSON line to fd 3, which
// the bench reads. It changes nothing in the station; its timer does not keep the process alive.
import { writeSync } from 'node:fs';

const PROBE_FD = 3;
const everyMs = Number(process.env.MAILSCREEN_MEMORY_PROBE_MS ?? 1000);

const timer = setInterval(() => {
  try {
    writeSync(PROBE_FD, `${JSON.stringify(process.memoryUsage())}\n`);
  } catch {
    // The bench has gone: nobody to tell.
    clearInterval(timer);
  }
}, everyMs);
timer.unref();
