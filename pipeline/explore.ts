// `make explore`: a page in the browser that queries the Parquet files with DuckDB-WASM. Everything
// is served from this machine (127.0.0.1 only): the page (pipeline/explore/), DuckDB-WASM and
// Apache Arrow from node_modules (no CDN), the recipes of docs/recipes.md, and OUT_DIR/parquet
// with HTTP range requests, which DuckDB-WASM uses to read only the parts of a file a query needs.
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseRecipes } from './recipes.js';

/** The package root, from build/pipeline/ (compiled) or pipeline/ (sources). */
const PACKAGE_ROOT = path.join(import.meta.dirname, '..', ...(path.basename(path.join(import.meta.dirname, '..')) === 'build' ? ['..'] : []));

/** The installed folder of a package, looked up from `from` upwards as Node does. */
function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === path.dirname(dir)) throw new Error(`package ${name} is not installed: run npm ci`);
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  // DuckDB-WASM's instantiate hangs without an error when the wasm comes as octet-stream.
  '.wasm': 'application/wasm',
  '.parquet': 'application/vnd.apache.parquet',
};

/** URL prefix → folder it serves. DuckDB-WASM's module imports apache-arrow, which imports tslib and flatbuffers: the page's import map points them here. */
function mounts(parquetDir: string): [string, string][] {
  const duckdb = packageDir('@duckdb/duckdb-wasm', PACKAGE_ROOT);
  const arrow = packageDir('apache-arrow', duckdb);
  return [
    ['/duckdb/', path.join(duckdb, 'dist')],
    ['/vendor/apache-arrow/', arrow],
    ['/vendor/tslib/', packageDir('tslib', arrow)],
    ['/vendor/flatbuffers/', packageDir('flatbuffers', arrow)],
    ['/data/', parquetDir],
    ['/', path.join(PACKAGE_ROOT, 'pipeline', 'explore')],
  ];
}

export interface ExploreServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (port 0: any free port). */
export async function startExplore(outDir: string, port = 0): Promise<ExploreServer> {
  const parquetDir = path.resolve(outDir, 'parquet');
  if (!existsSync(path.join(parquetDir, 'datapackage.json'))) throw new Error(`no Parquet files under ${parquetDir}: run \`make all\` first`);
  const routes = mounts(parquetDir);
  const recipesFile = path.join(PACKAGE_ROOT, 'docs', 'recipes.md');
  const server = http.createServer((req, res) => {
    serve(req, res, routes, recipesFile).catch((e: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e.message));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(req: http.IncomingMessage, res: http.ServerResponse, routes: [string, string][], recipesFile: string): Promise<void> {
  const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  if (urlPath === '/recipes.json') {
    const recipes = existsSync(recipesFile) ? parseRecipes(await readFile(recipesFile, 'utf8')).map(({ title, sql }) => ({ title, sql })) : [];
    res.writeHead(200, { 'Content-Type': MIME['.json'], 'Cache-Control': 'no-cache' }).end(JSON.stringify(recipes));
    return;
  }
  const [prefix, dir] = routes.find(([p]) => urlPath.startsWith(p))!;
  const file = path.join(dir, urlPath.slice(prefix.length) || 'index.html');
  // No way out of the folder a prefix serves (../ in the URL).
  if (!file.startsWith(dir + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' };
  let start = 0;
  let end = info.size - 1;
  let status = 200;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range) {
    if (range[1] === '') start = Math.max(0, info.size - Number(range[2]));
    else {
      start = Number(range[1]);
      if (range[2] !== '') end = Math.min(end, Number(range[2]));
    }
    if (start > end) {
      res.writeHead(416, { 'Content-Range': `bytes */${info.size}` }).end();
      return;
    }
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${info.size}`;
  }
  headers['Content-Length'] = info.size === 0 ? 0 : end - start + 1;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || info.size === 0) {
    res.end();
    return;
  }
  createReadStream(file, { start, end }).pipe(res);
}
