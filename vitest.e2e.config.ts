import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Files that spend a minute waiting on the station's clock (auto-lock at its 1-minute minimum, no test
// hook): started first, so that their idle minute passes beside the other files' work.
const WAIT_ON_THE_CLOCK = ['test/e2e/autolock.test.ts', 'test/e2e/screens-autolock.test.ts'];

class ClockWaitsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waits = (file: TestSpecification) => WAIT_ON_THE_CLOCK.includes(path.relative(import.meta.dirname, file.moduleId));
    return [...sorted.filter(waits), ...sorted.filter((file) => !waits(file))];
  }
}

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/tmpFolder.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // Two files at a time (`--maxWorkers=1` for one): each file has its own station (own data folder,
    // port 0), its own Chromium (own profile in the run's TMPDIR) and screenshots of its own names, and
    // much of a file's time is spent waiting (a person's typing, the auto-lock's minute, a station
    // starting), not computing. Not more on a 2-core machine: two Chromiums and two stations already
    // keep both cores busy.
    maxWorkers: 2,
    sequence: { sequencer: ClockWaitsFirst },
    // A screen's answer to a key press can take seconds on a busy 2-core machine: polled
    // expectations wait up to 10 s (what they wait for still has to happen).
    expect: { poll: { timeout: 10_000 } },
    env: { MAILSCREEN_VALIDATE_RESPONSES: '1' },
  },
});
