// A one-line progress bar on stderr for people at a terminal. Off in CI, when stderr is not a
// terminal, and with --json, so logs kept by scheduled jobs stay clean.
export interface Progress {
  update(done: number, total: number): void;
  /** Prints a log line above the bar. */
  print(line: string): void;
  done(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, enabled = Boolean(stream.isTTY) && !process.env.CI): Progress {
  if (!enabled) return { update: () => undefined, print: (line) => console.log(line), done: () => undefined };
  const started = Date.now();
  let last = 0;
  let bar = '';
  const draw = () => stream.write(`\r\x1b[2K${bar}`);
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return; // at most ten redraws a second
      last = now;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      const rate = done / Math.max((now - started) / 1000, 0.001);
      const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
      bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} reports  ${rate.toFixed(1)}/s  ETA ${Math.floor(eta / 60)}:${String(eta % 60).padStart(2, '0')}`;
      draw();
    },
    print(line) {
      stream.write('\r\x1b[2K');
      console.log(line);
      if (bar) draw();
    },
    done() {
      if (bar) stream.write('\r\x1b[2K');
    },
  };
}
