// A fixed set of worker threads running jobs; callers bound how many are queued (p-limit).
import { Worker } from 'node:worker_threads';
import type { Job, JobResult } from './job.js';

interface Slot {
  worker: Worker;
  settle: ((r: JobResult | Error) => void) | null;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly idle: Slot[] = [];
  private readonly waiting: ((s: Slot) => void)[] = [];

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
    this.idle.push(...this.slots);
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 32 } }), settle: null };
    slot.worker.on('message', (r: JobResult) => slot.settle?.(r));
    // A worker that dies (out of memory, a native crash) fails its job and is replaced.
    slot.worker.on('error', (e) => slot.settle?.(e));
    slot.worker.on('exit', (code) => slot.settle?.(new Error(`worker thread exited with code ${code}`)));
    return slot;
  }

  async run(job: Job): Promise<JobResult> {
    const slot = this.idle.pop() ?? (await new Promise<Slot>((resolve) => this.waiting.push(resolve)));
    const outcome = await new Promise<JobResult | Error>((resolve) => {
      slot.settle = resolve;
      slot.worker.postMessage(job);
    });
    slot.settle = null;
    let next = slot;
    if (outcome instanceof Error) {
      slot.worker.removeAllListeners();
      void slot.worker.terminate();
      next = this.spawn();
      this.slots[this.slots.indexOf(slot)] = next;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(next);
    else this.idle.push(next);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  /** Stops every worker; closing again does nothing (terminating an exited worker resolves at once). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
