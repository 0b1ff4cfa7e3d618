// Everything the database holds, in the order the data dictionary lists it.
import { REPORT_TABLES, type TableSpec } from './contract.js';
import { DIMENSION_TABLES } from './dimensions.js';

export const DATABASE_TABLES: TableSpec[] = [...REPORT_TABLES, ...DIMENSION_TABLES];
export { VIEWS } from './views.js';
