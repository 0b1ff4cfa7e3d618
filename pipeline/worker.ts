// Worker thread entry: runs jobs posted by the pool, one at a time.
import { parentPort } from 'node:worker_threads';
import { runJob, type Job } from './job.js';

parentPort!.on('message', async (job: Job) => {
  const result = await runJob(job);
  // The staged bytes move to the writer thread without a copy.
  parentPort!.postMessage(result, Object.values(result.staged).map((b) => b.buffer as ArrayBuffer));
});
