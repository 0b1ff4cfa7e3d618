// Global setup of `make mutate` (vitest.mutate.config.ts): the sample reports extracted once,
// for tests/helpers.ts extractSample. Extraction is not what the mutants change.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extract } from '../extract/index.js';
import { ALTERED_PDF, RAW } from './helpers.js';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mutate-extracted-'));
  const samples = readdirSync(RAW, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  for (const file of [...samples, ALTERED_PDF]) {
    writeFileSync(path.join(dir, `${path.basename(file)}.json`), JSON.stringify(await extract(new Uint8Array(readFileSync(file)), file)));
  }
  process.env.MUTATE_EXTRACTED = dir;
  return () => rm(dir, { recursive: true, force: true });
}
