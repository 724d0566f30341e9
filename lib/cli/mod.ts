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
export * from "./errors.ts";
export * from "./command.ts";
export * from "./interrupt.ts";
export * from "./log.ts";
export * from "./safe_text.ts";
