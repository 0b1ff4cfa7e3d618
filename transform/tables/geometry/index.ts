// Table assembly from geometry for layouts whose columns are named by their heads only (no 行次, no
// 栏次): rows anchored on what identifies them (a classification code, an item label); every other cell
// joins the anchor nearest to it vertically on the same page, because multi-line cells put their text
// on baselines a few points above or below the row's. Numbers are proposed to columns by their right
// edge (they are right-aligned) against the header's column names, for the identities to confirm.
import type { Line } from '../../../extract/lines.js';
import type { TableCode } from '../../../schemas/contract.js';
import type { AssembleResult } from '../model.js';
import { bodyLines } from '../text/body.js';
import { assembleEconomic } from '../text/economic.js';
import { textLinesFromGeometry } from './grid.js';
import { geometry } from './cells.js';
import { assembleCodedGeo } from './coded.js';
import { assembleEconomicGeo } from './economic.js';
import { assembleThreePublicGeo } from './threePublic.js';
import { assembleTwoSidedGeo } from './twoSided.js';

export function assembleByHeads(code: TableCode, lines: Line[]): AssembleResult {
  const cells = geometry(lines);
  switch (code) {
    case '01':
    case '04':
      return assembleTwoSidedGeo(code, cells);
    case '06':
      // (A header that names no groups: read as the national assembler reads it.)
      return assembleEconomicGeo(cells) ?? assembleEconomic(bodyLines(textLinesFromGeometry(lines)));
    case '09':
      return assembleThreePublicGeo(cells);
    case '10':
      return { rows: [], notes: [] };
    default:
      return assembleCodedGeo(code, cells);
  }
}
