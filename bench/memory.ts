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

export class MemoryPhases {
  readonly phases: Record<string, PhaseMemory> = {};
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
    this.phases[name] = result;
    this.#resettable = resetPeak();
    return result;
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
