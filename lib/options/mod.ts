/**
 * One set of option definitions for every task: each shared option (name, flags, value parser,
 * default text, help text) is defined here once, and every task's `--help` shows it the same way.
 *
 * @example A task's options
 * ```ts
 * import { createTaskCommand } from "../cli/command.ts";
 * import { addOptions, formatOption, OUT, parseFormat, parseOut } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const cmd = addOptions(createTaskCommand("x", "X"), formatOption(["md", "json"]), OUT);
 * cmd.parse(["-o", "r.json"], { from: "user" });
 * const o = cmd.opts<{ format?: string; out?: string }>();
 * assert.equal(parseFormat(o.format, o.out, ["md", "json"]), "json");
 * assert.equal(parseOut(o.out), "r.json");
 * ```
 *
 * @module
 */
export { addOptions, helpLine, parseCommandLine } from "./define.ts";
export type { OptionDef, OptionSpec, OptionUse } from "./define.ts";
export {
  BOM,
  DATE_ORDER,
  DATE_ORDER_USE,
  DEFAULT_THREADS,
  FORMAT,
  formatOption,
  LIST_LIMIT,
  MAX_BAD_ROWS,
  NOW,
  OUT,
  parseBom,
  parseDateOrder,
  parseFormat,
  parseListLimit,
  parseOut,
  parseThreads,
  parseTop,
  THREADS,
  TOP,
} from "./common.ts";
export {
  ALL_EVENT_TYPES,
  DAYS,
  DEFAULT_EVENT_TYPES,
  DEFAULT_WINDOW_DAYS,
  EVENT_TYPES,
  MAX_DAYS,
  parseDateOption,
  parseDays,
  parseEventTypes,
  parseWhen,
  resolveWindow,
  SINCE,
  UNTIL,
  WINDOW_OPTIONS,
} from "./window.ts";
export type { TimeWindow, WindowSource, WindowValues } from "./window.ts";
export {
  addGraphOptions,
  AUTH,
  BUDGET,
  CLOUD,
  GRAPH_OPTION_KEYS,
  GRAPH_OPTIONS,
  GRAPH_URL,
  graphClientConfigFromOptions,
  graphClientSettingsFromOptions,
  graphOptionsOf,
  graphRetryNotes,
  LIMIT_DEFS,
  LIMIT_OPTIONS,
  requestLimitsFromOptions,
  retryWaitNote,
  TENANT,
} from "./graph.ts";
export type { GraphCliOptions, RetryNoteLog } from "./graph.ts";
export {
  APP,
  LA_URL,
  laClientConfigFromOptions,
  laRowFilterOf,
  parseWorkspace,
  SIGNINS_WORKSPACE,
  USER,
  WORKSPACE,
} from "./log_analytics.ts";
export { addTaskHelp, COMMON_EXIT_CODES, fullHelp, GRAPH_ENV, taskHelpText } from "./help.ts";
export type { TaskHelp } from "./help.ts";
