// Loaded with `node --import` into a station process the station-rss bench starts: once a second
// it writes the process's memory (process.memoryUsage(), bytes) as JSON to the file named by
// MAILSCREEN_MEMORY_PROBE_FILE, which the bench reads. A file, not an inherited descriptor: serve
// relaunches itself with its memory settings (execve keeps only the standard streams), and the
// probe comes along in its arguments. It changes nothing in the station; its timer does not keep
// the process alive.
// MAILSCREEN_MEMORY_PROBE_ALLOCATIONS=<file>: V8's sampling heap profiler runs from the start,
// counting what was allocated, garbage collected since or not (a --heap-prof profile keeps only
// what is still alive when it is written, and misses what a screen allocates and drops), and the
// profile is written to that file as the process exits (bench/heapprofile-top.ts reads it).
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.MAILSCREEN_MEMORY_PROBE_FILE;
const everyMs = Number(process.env.MAILSCREEN_MEMORY_PROBE_MS ?? 1000);
const allocations = process.env.MAILSCREEN_MEMORY_PROBE_ALLOCATIONS;

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

if (allocations) {
  const session = new Session();
  session.connect();
  // A session on this thread answers at once (the callback runs before post returns), so the
  // profile can be taken in an 'exit' listener.
  session.post('HeapProfiler.startSampling', { samplingInterval: 64 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  process.once('exit', () => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(allocations, JSON.stringify(result.profile));
    });
  });
}
