// Worker thread entry: runs jobs posted by the pool, one at a time.
import { parentPort } from 'node:worker_threads';
import { runJob, type Job } from './job.js';

parentPort!.on('message', async (job: Job) => {
  parentPort!.postMessage(await runJob(job));
});
