// Everything the database holds, in the order the data dictionary lists it.
import { CORE_TABLES, type TableSpec } from './contract.js';
import { DIMENSION_TABLES } from './dimensions.js';
import { NARRATIVE_TABLES } from './narrative.js';
import { performanceIndicators, performanceProjects } from './performance.js';

/** Tables filled report by report: each report's rows are replaced together. */
export const REPORT_TABLES: TableSpec[] = [...CORE_TABLES, ...NARRATIVE_TABLES, performanceProjects, performanceIndicators];

export const DATABASE_TABLES: TableSpec[] = [...REPORT_TABLES, ...DIMENSION_TABLES];
export { VIEWS } from './views.js';
