#!/usr/bin/env bash
# The five bugs that once passed every test (issue 25), put in one at a time: each must make
# the focused tests (vitest.mutate.config.ts) fail. Prints caught/SURVIVED for each; exits 1 if
# one survives. Restores every file it touches. Usage: bash tests/known-bugs.sh
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
plant() { # name, file, text to find, text to put instead
  local name=$1 file=$2
  cp "$file" "$file.orig"
  python3 - "$file" "$3" "$4" <<'PY'
import sys
path, old, new = sys.argv[1:4]
text = open(path).read()
assert old in text, f'{path}: {old!r} not found'
open(path, 'w').write(text.replace(old, new, 1))
PY
  if npx vitest run --config vitest.mutate.config.ts >/dev/null 2>&1; then echo "SURVIVED  $name"; status=1; else echo "caught    $name"; fi
  mv "$file.orig" "$file"
}
plant 'identity tolerance × 10' transform/tables/checks.ts 'multiplyInt(maxHalf, printed.length + 1)' 'multiplyInt(maxHalf, (printed.length + 1) * 10)'
plant 'narrative-against-table tolerance × 100' transform/narrative/checks.ts 'const tol = max(a.step, term.step);' 'const tol = { units: max(a.step, term.step).units * 100n, scale: max(a.step, term.step).scale };'
plant 'amount_yuan staged to one decimal' load/staging.ts "if (sql !== 'VARCHAR' && sql !== 'TIMESTAMP') return" "if (sql === 'DECIMAL(18,2)') return \`(\${v} === null ? '' : Number(\${v}).toFixed(1))\`;
  if (sql !== 'VARCHAR' && sql !== 'TIMESTAMP') return"
plant 'exact2 through a JavaScript number' transform/tables/index.ts '    return toFixedString(d, 2);' '    return (Number(d.units) / 10 ** d.scale).toFixed(2);'
plant 'doubled-bold detector always false' extract/clean.ts 'export function detectDoubling(lines: string[][], positioned = false): Doubling {' 'export function detectDoubling(lines: string[][], positioned = false): Doubling {
  return null;'
exit $status
