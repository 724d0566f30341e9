/**
 * The error classes' old home: they live in `lib/errors.ts` now. Kept only for the modules
 * still importing from here (to be pointed at `lib/errors.ts` and this file removed).
 *
 * @module
 */
export { EXIT_CODE, formatLocation, InputError, UsageError } from "../errors.ts";
export type { ExitCode, InputLocation } from "../errors.ts";
