// Resident memory of this process, phase by phase: the peak inside each phase (Linux VmHWM, reset
// at the phase's start through /proc/self/clear_refs) and what is left resident at its end, with
// the V8 heap. Worker threads run inside the process, so their memory is counted too.
import { readFileSync, writeFileSync } from 'node:fs';

export interface PhaseMemory {
  /** The highest resident set inside the phase, MB (null where /proc cannot tell). */
  peakMb: number | null;
  /** Resident at the phase's end, MB. */
  endMb: number;
  heapUsedMb: number;
  /** Memory outside the V8 heap that V8 knows of (Buffers, SQLite is not in it), MB. */
  externalMb: number;
  /** Where the resident set at the phase's end is, MB (BENCH_MEMORY_DETAIL=1): see residentByKind. */
  resident?: ResidentByKind;
  /** Resident after the wait between phases (MemoryPhases.settle), MB: where the next phase starts. */
  releasedToMb?: number;
  /** How long that wait took, ms. */
  settleMs?: number;
}

const mb = (bytes: number) => Math.round(bytes / 1_048_576);

function statusKb(field: string): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Resets the peak to the current resident set; false where the kernel does not allow it. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The resident set by kind of mapping, MB (Linux /proc/self/smaps). */
export interface ResidentByKind {
  /** Mapped files: the node binary, shared libraries, native modules. */
  files: number;
  /** The main thread's malloc heap (brk). */
  mallocMain: number;
  /** Anonymous mappings at 64 MiB boundaries: other threads' malloc arenas (SQLite of worker threads, libuv's pool). */
  mallocArenas: number;
  /** Other anonymous mappings: V8's heap pages (every isolate's), big malloc blocks, SharedArrayBuffers, stacks. */
  anonymous: number;
}

/** Null where /proc cannot tell. `pid`: another process's (one this user started), by default this one's. */
export function residentByKind(pid: number | 'self' = 'self'): ResidentByKind | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return null;
  }
  const kb: ResidentByKind = { files: 0, mallocMain: 0, mallocArenas: 0, anonymous: 0 };
  let kind: keyof ResidentByKind = 'anonymous';
  for (const line of text.split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const name = mapping[3]!.trim();
      // A thread's arena is a 64 MiB reservation at a 64 MiB boundary, made readable as it grows.
      const start = BigInt(`0x${mapping[1]!}`);
      const size = BigInt(`0x${mapping[2]!}`) - start;
      const arena = name === '' && start % ARENA === 0n && size <= ARENA;
      kind = name.startsWith('/') ? 'files' : name === '[heap]' ? 'mallocMain' : arena ? 'mallocArenas' : 'anonymous';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kb[kind] += Number(rss[1]);
  }
  return { files: Math.round(kb.files / 1024), mallocMain: Math.round(kb.mallocMain / 1024), mallocArenas: Math.round(kb.mallocArenas / 1024), anonymous: Math.round(kb.anonymous / 1024) };
}

const ARENA = 64n << 20n;
const DETAIL = process.env.BENCH_MEMORY_DETAIL === '1';

export class MemoryPhases {
  readonly phases: Record<string, PhaseMemory> = {};
  #last: PhaseMemory | null = null;
  /** Resident when the current phase began, MB. */
  #startMb = mb(process.memoryUsage.rss());
  #resettable = resetPeak();

  /** Closes the phase that ran since the last call (or since construction) under `name`. */
  phase(name: string): PhaseMemory {
    const hwm = statusKb('VmHWM');
    const usage = process.memoryUsage();
    const result: PhaseMemory = {
      peakMb: this.#resettable && hwm !== null ? Math.round(hwm / 1024) : null,
      endMb: mb(usage.rss),
      heapUsedMb: mb(usage.heapUsed),
      externalMb: mb(usage.external),
    };
    const resident = DETAIL ? residentByKind() : null;
    if (resident) result.resident = resident;
    this.phases[name] = result;
    this.#last = result;
    this.#startMb = result.endMb;
    this.#resettable = resetPeak();
    return result;
  }

  /**
   * Waits, after the phase just closed, until what it left pooled is given back, as it is in a
   * station idle between such calls: `collect` first (the station's idle release), then until the
   * resident set stops falling (V8 returns a finished worker's pooled pages some seconds after it
   * ended), at most `maxMs`. Where the next phase starts is the closed phase's `releasedToMb`.
   */
  async settle(collect: (() => void) | null, maxMs = 20_000): Promise<void> {
    const started = performance.now();
    collect?.();
    let low = process.memoryUsage.rss();
    let lowAt = performance.now();
    // A phase that grew by a station's release threshold (24 MB) waits for V8's return of pooled
    // pages (measured: 8-10 s after a worker ended); then until 3 s without falling another MB.
    const grew = this.#last !== null && this.#last.endMb - this.#startMb >= 24;
    const atLeast = grew ? 11_000 : 0;
    while ((performance.now() - started < atLeast || performance.now() - lowAt < 3000) && performance.now() - started < maxMs) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const rss = process.memoryUsage.rss();
      if (rss < low - 1_048_576) {
        low = rss;
        lowAt = performance.now();
      }
    }
    if (this.#last) {
      this.#last.releasedToMb = mb(process.memoryUsage.rss());
      this.#last.settleMs = Math.round(performance.now() - started);
    }
    // The wait is not the next phase's.
    this.#startMb = mb(process.memoryUsage.rss());
    this.#resettable = resetPeak();
  }

  /** The phase with the highest peak, and that peak. */
  peak(): { phase: string; peakMb: number } | null {
    let best: { phase: string; peakMb: number } | null = null;
    for (const [phase, m] of Object.entries(this.phases)) {
      const value = m.peakMb ?? m.endMb;
      if (!best || value > best.peakMb) best = { phase, peakMb: value };
    }
    return best;
  }
}

/** The process's peak resident set since it started, MB. */
export function processPeakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
