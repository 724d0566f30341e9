/**
 * The counter's old home: it lives in `lib/report/count_map.ts` now. Kept only for the modules
 * still importing from here (to be pointed there and this file removed).
 *
 * @module
 */
export { byCountThenKey, CountMap, OVERFLOW_KEY } from "../report/count_map.ts";
export type { CountEntry, CountRecord, OverflowKey } from "../report/count_map.ts";
