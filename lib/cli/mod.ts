/**
 * The shared task harness: argument parsing (commander), error classes and exit codes,
 * stderr logging.
 *
 * @example Exit codes
 * ```ts
 * import { EXIT_CODE, runTask, UsageError } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await runTask("t", () => Promise.reject(new UsageError("Cannot use --x"))), EXIT_CODE.Usage);
 * ```
 *
 * @module
 */
export { EXIT_CODE, formatLocation, InputError, UsageError } from "../errors.ts";
export type { ExitCode, InputLocation } from "../errors.ts";
export { createTaskCommand, enterInvocationDir, parseIntOption, runMain, runTask } from "./command.ts";
export { ctrlCMeaning, SAME_CTRL_C_MS } from "./interrupt.ts";
export type { CtrlCMeaning } from "./interrupt.ts";
export { colourWanted, createStatusLine, log, setQuiet, styled } from "./log.ts";
export { createProgressLine, progressText } from "./progress.ts";
export type { ProgressCounts, ProgressLineOptions } from "./progress.ts";
export type { ColourInputs } from "./log.ts";
export {
  escapeInvisible,
  INVISIBLE_CHARACTERS,
  neutraliseCommands,
  safeLines,
  safeText,
  visibleEscape,
} from "./safe_text.ts";
export type { InvisibleCharacter } from "./safe_text.ts";
