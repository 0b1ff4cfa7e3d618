// Everything the database holds, in the order the data dictionary lists it.
import { CORE_TABLES, runs, type TableSpec } from './contract.js';
import { DIMENSION_TABLES } from './dimensions.js';
import { NARRATIVE_TABLES } from './narrative.js';
import { performanceIndicators, performanceProjects } from './performance.js';

/** Tables filled report by report: each report's rows are replaced together. */
export const REPORT_TABLES: TableSpec[] = [...CORE_TABLES, ...NARRATIVE_TABLES, performanceProjects, performanceIndicators];

/** Every table of the database, each also exported as Parquet (and as CSV by make csv): the reports' data, the dimensions, and the history of the runs that built it. */
export const DATABASE_TABLES: TableSpec[] = [...REPORT_TABLES, ...DIMENSION_TABLES, runs];
export { ALL_VIEWS, JOINED_VIEWS, VIEWS } from './views.js';
