/**
 * The shared task harness: a commander `Command` preconfigured for this toolkit, and
 * {@linkcode runMain}, the only place a task exits the process.
 *
 * @module
 */
import { Command, CommanderError, Option } from "commander";
import { readGrantedEnv } from "./env.ts";
import { EXIT_CODE, UsageError } from "../errors.ts";
import { log, setQuiet } from "./log.ts";

/**
 * Creates a task's command line parser: `--help` on stdout, errors as one `error:` line on
 * stderr followed by the usage line, unknown options rejected, no `process.exit` inside
 * (errors are thrown and mapped by {@linkcode runMain}). Adds `--verbose`, `-q`/`--quiet`, the usage line as
 * typed (`deno task NAME [options]`), and a usage error pointing `--output json` to `--format json`.
 *
 * @param name the task name as in `deno task NAME`
 * @param description one sentence for `--help`
 *
 * @example
 * ```ts
 * import { createTaskCommand } from "./command.ts";
 * import assert from "node:assert/strict";
 * const cmd = createTaskCommand("demo", "Demo").option("--days <n>", "days");
 * cmd.parse(["--days", "3"], { from: "user" });
 * assert.equal(cmd.opts().days, "3");
 * ```
 */
export function createTaskCommand(name: string, description: string): Command {
  const cmd = new Command(name)
    .description(description)
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput({
      writeOut: (s) => void Deno.stdout.writeSync(new TextEncoder().encode(s)),
      writeErr: (s) => void Deno.stderr.writeSync(new TextEncoder().encode(s)),
      outputError: (s, write) => write(s),
      // commander's own colour detection reads env vars (CLICOLOR_FORCE …) that narrow
      // --allow-env task permissions do not grant; help text is plain.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showHelpAfterError(`(run 'deno task ${name} --help' for usage)`)
    // every option's help is written in full by lib/options (accepted values and default included)
    .configureHelp({
      optionDescription,
      commandUsage: () => `deno task ${name} [options]`,
    })
    .addOption(new Option("--verbose", "show extra detail, stack traces and causes on stderr"))
    .addOption(new Option("-q, --quiet", "show only warnings and errors on stderr (no notes, no progress)"))
    .addOption(new Option("--output <value>", "not an option: use --format (and -o/--out FILE)").hideHelp());
  setQuiet(false);
  cmd.on("option:quiet", () => setQuiet(true));
  cmd.on("option:output", (value: string) => {
    throw outputHabitError(value);
  });
  return cmd;
}

/**
 * An option's help line: its description, plus its accepted values and default in the one layout
 * lib/options writes (`(one of: a, b; default: a)`) when the description does not state them.
 *
 * @example
 * ```ts
 * import { Option } from "commander";
 * import { optionDescription } from "./command.ts";
 * import assert from "node:assert/strict";
 * const o = new Option("--user-type <type>", "member, guest or all").choices(["member", "guest", "all"]).default("all");
 * assert.equal(optionDescription(o), "member, guest or all (one of: member, guest, all; default: all)");
 * assert.equal(optionDescription(new Option("--top <n>", "entries (default: 10)").default("10")), "entries (default: 10)");
 * ```
 */
export function optionDescription(o: Option): string {
  if (/\((one of: |default: )|; default: /.test(o.description)) return o.description;
  const details: string[] = [];
  if (o.argChoices !== undefined) details.push(`one of: ${o.argChoices.join(", ")}`);
  if (typeof o.defaultValue === "string") details.push(`default: ${o.defaultValue}`);
  return details.length === 0 ? o.description : `${o.description} (${details.join("; ")})`;
}

/**
 * The usage error for `--output VALUE`, a habit from cli-microsoft365 and the Azure CLI: this
 * toolkit names the format with `--format` and the file with `-o`/`--out`.
 *
 * @example
 * ```ts
 * import { outputHabitError } from "./command.ts";
 * import assert from "node:assert/strict";
 * assert.match(outputHabitError("json").message, /use --format json/);
 * ```
 */
export function outputHabitError(value: string): UsageError {
  const v = value.trim() === "" ? "FORMAT" : value.trim();
  return new UsageError(
    `Cannot use --output ${JSON.stringify(value)}: this toolkit names the output format with --format; ` +
      `use --format ${v} (and -o/--out FILE to write a file)`,
  );
}

/**
 * Parses a whole number within bounds for an option value.
 *
 * @throws {UsageError} when the value is not a whole number in range
 *
 * @example
 * ```ts
 * import { parseIntOption } from "./command.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseIntOption("--days", "7", 1, 30), 7);
 * assert.throws(() => parseIntOption("--days", "x", 1, 30), /--days/);
 * ```
 */
export function parseIntOption(option: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || n < min || n > max) {
    throw new UsageError(
      `Cannot use ${option} ${JSON.stringify(value)}: expected a whole number from ${min} to ${max}`,
    );
  }
  return n;
}

function describe(e: unknown, verbose: boolean): string {
  if (!(e instanceof Error)) return String(e);
  let msg = e.message.split("\n")[0] ?? "";
  if (verbose) {
    let c: unknown = e.cause;
    while (c instanceof Error) {
      msg += `\n  caused by: ${c.message}`;
      c = c.cause;
    }
  }
  return msg;
}

/**
 * Runs a task's body and exits with the right code: the body's return value (0 or 3), 2 for
 * {@linkcode UsageError} and commander usage errors, 1 for anything else. Errors print as one
 * `error: …` line; `--verbose` adds the stack and causes. Only call it under `import.meta.main`.
 *
 * @param name task name, for the usage hint
 * @param body the task; receives the command-line arguments
 */
export async function runMain(
  name: string,
  body: (argv: string[]) => Promise<number | void>,
  argv: string[] = Deno.args,
): Promise<never> {
  enterInvocationDir();
  Deno.exit(await runTask(name, body, argv));
}

/**
 * `deno task` runs a task in the folder of deno.json, not where the user typed the command;
 * it passes that folder as `INIT_CWD`. Changing back to it makes relative `--from`/`--out`
 * paths mean what the user meant. Does nothing when `INIT_CWD` is unset or not readable
 * under the task's permissions.
 *
 * @returns the folder changed to, or `undefined`
 */
export function enterInvocationDir(): string | undefined {
  try {
    const dir = readGrantedEnv("INIT_CWD");
    if (!dir || dir === Deno.cwd()) return undefined;
    Deno.chdir(dir);
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * {@linkcode runMain} without the exit: returns the exit code. Used by tests and by `runMain`.
 *
 * @example
 * ```ts
 * import { runTask } from "./command.ts";
 * import { UsageError } from "../errors.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await runTask("x", () => Promise.reject(new UsageError("Cannot use --x"))), 2);
 * assert.equal(await runTask("x", async () => 3), 3);
 * ```
 */
export async function runTask(
  name: string,
  body: (argv: string[]) => Promise<number | void>,
  argv: string[] = [],
): Promise<number> {
  const verbose = argv.includes("--verbose");
  try {
    return (await body(argv)) ?? EXIT_CODE.Ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help"
      ) {
        return EXIT_CODE.Ok;
      }
      return EXIT_CODE.Usage; // commander already printed the error and the usage hint
    }
    log.error(describe(e, verbose));
    if (e instanceof UsageError) {
      log.plain(`(run 'deno task ${name} --help' for usage)`);
      return EXIT_CODE.Usage;
    }
    if (verbose && e instanceof Error && e.stack) log.plain(e.stack);
    const code = (e as { exitCode?: unknown }).exitCode;
    return typeof code === "number" && code !== 0 ? code : EXIT_CODE.Failure;
  }
}
