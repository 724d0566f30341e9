/**
 * How an option is defined, once: its flags, help text and default text. Tasks add the
 * definitions they take with {@linkcode addOptions}; the help line is always
 * `HELP (one of: …; default: …)`, so the same option reads the same in every task (the task
 * command prints descriptions as they are: commander adds nothing). {@linkcode parseCommandLine}
 * is where every task parses its command line.
 *
 * @module
 */
import { type Command, Option, type OptionValues } from "commander";

/** One option, as every task shows it. */
export interface OptionDef {
  /** Commander flags, e.g. `-o, --out <file>`. */
  readonly flags: string;
  /** The help text, the same in every task. */
  readonly help: string;
  /** Text of the default, shown as `(default: …)`; the value itself is applied by the parser. */
  readonly defaultText?: string;
  /** The value commander fills in when the option is absent. */
  readonly defaultValue?: string;
  /** Not listed in `--help` (kept for older scripts or tests). */
  readonly hidden?: boolean;
}

/** A task's view of a shared option: the accepted values and default it has in this task. */
export interface OptionUse {
  /** The definition. */
  readonly def: OptionDef;
  /** Values this task accepts, listed as `one of: …`. */
  readonly choices?: readonly string[];
  /** This task's default text (else the definition's). */
  readonly defaultText?: string;
  /** This task's commander default value (else the definition's). */
  readonly defaultValue?: string;
  /** Let commander refuse any value outside `choices` (its own message, exit 2). */
  readonly strictChoices?: boolean;
}

/**
 * The help line of an option as a task shows it: the shared text, then the accepted values and
 * the default in one parenthesis.
 *
 * @example
 * ```ts
 * import { helpLine } from "./define.ts";
 * import assert from "node:assert/strict";
 * const def = { flags: "--format <format>", help: "output format", defaultText: "md" };
 * assert.equal(helpLine({ def, choices: ["md", "json"] }), "output format (one of: md, json; default: md)");
 * assert.equal(helpLine({ def: { flags: "--x", help: "x" } }), "x");
 * ```
 */
export function helpLine(use: OptionUse): string {
  const details: string[] = [];
  if (use.choices !== undefined) details.push(`one of: ${use.choices.join(", ")}`);
  const d = use.defaultText ?? use.def.defaultText;
  if (d !== undefined) details.push(`default: ${d}`);
  return details.length === 0 ? use.def.help : `${use.def.help} (${details.join("; ")})`;
}

/** A definition, or a task's use of one. */
export type OptionSpec = OptionDef | OptionUse;

function useOf(spec: OptionSpec): OptionUse {
  return "def" in spec ? spec : { def: spec };
}

/**
 * Adds options to a commander command, in the order given, and returns it.
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { addOptions } from "./define.ts";
 * import assert from "node:assert/strict";
 * const cmd = addOptions(new Command("t").exitOverride(), { flags: "--top <n>", help: "entries", defaultValue: "10", defaultText: "10" });
 * cmd.parse([], { from: "user" });
 * assert.equal(cmd.opts().top, "10");
 * ```
 */
export function addOptions<C extends Command>(cmd: C, ...specs: OptionSpec[]): C {
  for (const spec of specs) {
    const use = useOf(spec);
    const o = new Option(use.def.flags, helpLine(use));
    const value = use.defaultValue ?? use.def.defaultValue;
    if (value !== undefined) o.default(value);
    if (use.strictChoices === true && use.choices !== undefined) o.choices(use.choices);
    if (use.def.hidden === true) o.hideHelp();
    cmd.addOption(o);
  }
  return cmd;
}

/**
 * Parses a task's command line (the arguments after the task name) with its command and returns
 * the option values: the one place every task's options are parsed (commander's usage errors,
 * `--help` and `--version` happen here).
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { addOptions, parseCommandLine } from "./define.ts";
 * import assert from "node:assert/strict";
 * const cmd = addOptions(new Command("t").exitOverride(), { flags: "--top <n>", help: "entries" });
 * assert.deepEqual(parseCommandLine<{ top?: string }>(cmd, ["--top", "3"]), { top: "3" });
 * ```
 */
export function parseCommandLine<T extends OptionValues>(cmd: Command, argv: readonly string[]): T {
  cmd.parse(argv, { from: "user" });
  return cmd.opts<T>();
}
