// Global setup of the test suite: the tests that run the CLI run build/, which `npx vitest run`
// does not compile. Compile first when any source is newer than its compiled file, so a stale
// build never silently tests old code.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..');
const SOURCES = ['extract', 'transform', 'load', 'pipeline', 'schemas'];

/** Sources (relative .ts paths) whose compiled .js under build/ is missing or older. */
export function staleSources(root = ROOT): string[] {
  const stale: string[] = [];
  for (const dir of SOURCES) {
    for (const name of readdirSync(path.join(root, dir), { recursive: true }) as string[]) {
      if (!name.endsWith('.ts')) continue;
      const source = path.join(dir, name);
      const built = path.join(root, 'build', source.replace(/\.ts$/, '.js'));
      let builtAt: number;
      try {
        builtAt = statSync(built).mtimeMs;
      } catch {
        builtAt = -1;
      }
      if (builtAt < statSync(path.join(root, source)).mtimeMs) stale.push(source);
    }
  }
  return stale;
}

export default function setup(): void {
  const stale = staleSources();
  if (stale.length === 0) return;
  console.log(`build/ is older than ${stale.length} source file(s) (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}): compiling first`);
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
}
