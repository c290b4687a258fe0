import type { JobQueue, JobQueueStatus } from '../jobs/index.ts';

/** Outbound deliveries over a job queue of their own: started with the station, stopped with it, and their status for the admin. */
export abstract class QueuedDeliveries<W> {
  protected readonly jobs: JobQueue<W, string>;

  protected constructor(jobs: JobQueue<W, string>) {
    this.jobs = jobs;
  }

  start(): void {
    this.jobs.start();
  }

  /** Settles once a send in progress is recorded (at most a few seconds): the station closes its database after. */
  stop(): Promise<void> {
    return this.jobs.stop();
  }

  status(): JobQueueStatus {
    return this.jobs.status();
  }
}
