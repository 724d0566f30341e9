/**
 * Messages for humans, always on stderr (stdout carries only the task's output, so it pipes).
 *
 * Colour (see {@linkcode colourWanted}): `FORCE_COLOR` when the task may read it, else off under
 * `NO_COLOR`, else on only when stderr is a terminal. Nothing here reads an environment variable
 * the task's `--allow-env` does not grant, so a task on a terminal never stops at a permission
 * prompt (node:util `styleText` would read eight such names there).
 *
 * @module
 */
import { readGrantedEnv } from "./env.ts";
import { safeLines, safeText } from "./safe_text.ts";

const encoder = new TextEncoder();

/** What decides whether stderr gets colour. */
export interface ColourInputs {
  /** `FORCE_COLOR`, or `undefined` when unset or not readable under the task's permissions. */
  forceColor: string | undefined;
  /** `NO_COLOR` is set to a non-empty value (Deno reads it at start-up: `Deno.noColor`). */
  noColor: boolean;
  /** stderr is a terminal. */
  isTerminal: boolean;
}

/**
 * Whether to colour: `FORCE_COLOR` wins when set (`0` or `false` = off, anything else = on, as in
 * Node), then `NO_COLOR` turns colour off, else colour only on a terminal.
 *
 * @example
 * ```ts
 * import { colourWanted } from "./log.ts";
 * import assert from "node:assert/strict";
 * assert.equal(colourWanted({ forceColor: undefined, noColor: false, isTerminal: true }), true);
 * assert.equal(colourWanted({ forceColor: undefined, noColor: true, isTerminal: true }), false);
 * assert.equal(colourWanted({ forceColor: "1", noColor: false, isTerminal: false }), true);
 * ```
 */
export function colourWanted(inputs: ColourInputs): boolean {
  if (inputs.forceColor !== undefined) {
    return !["0", "false"].includes(inputs.forceColor.trim().toLowerCase());
  }
  if (inputs.noColor) return false;
  return inputs.isTerminal;
}

let colour: boolean | undefined;

/** Whether this process colours stderr (decided once; never prompts). */
function stderrColour(): boolean {
  colour ??= colourWanted({
    forceColor: readGrantedEnv("FORCE_COLOR"),
    noColor: Deno.noColor,
    isTerminal: Deno.stderr.isTerminal(),
  });
  return colour;
}

/** SGR on/off pairs of the styles the logger uses. */
const SGR = {
  dim: ["\x1b[2m", "\x1b[22m"],
  bold: ["\x1b[1m", "\x1b[22m"],
  yellow: ["\x1b[33m", "\x1b[39m"],
  red: ["\x1b[31m", "\x1b[39m"],
} as const;

/** A style of {@linkcode SGR}. */
type Style = keyof typeof SGR;

/**
 * `text` wrapped in the SGR codes of `styles` (the first style outermost).
 *
 * @example
 * ```ts
 * import { styled } from "./log.ts";
 * import assert from "node:assert/strict";
 * assert.equal(styled(["red", "bold"], "x"), "\x1b[31m\x1b[1mx\x1b[22m\x1b[39m");
 * ```
 */
export function styled(styles: readonly Style[], text: string): string {
  let out = text;
  for (const s of [...styles].reverse()) out = `${SGR[s][0]}${out}${SGR[s][1]}`;
  return out;
}

function paint(style: Style | readonly Style[], text: string): string {
  if (!stderrColour()) return text;
  return styled(typeof style === "string" ? [style] : style, text);
}

let quiet = false;

/**
 * `--quiet`: notes and the status line are not shown (warnings and errors still are). Every task
 * command sets it from its command line.
 *
 * @example
 * ```ts
 * import { log, setQuiet } from "./log.ts";
 * setQuiet(true);
 * log.note("not shown");
 * setQuiet(false);
 * ```
 */
export function setQuiet(value: boolean): void {
  quiet = value;
}

/** Writes one line to stderr. */
function line(text: string): void {
  Deno.stderr.writeSync(encoder.encode(text + "\n"));
}

/**
 * The stderr logger every task uses. Every message goes through {@linkcode safeText} (notes,
 * warnings: one line each) or {@linkcode safeLines} (errors and plain text, whose line breaks
 * are meant), so data in a message cannot add lines, move the cursor or issue a CI command.
 *
 * @example
 * ```ts
 * import { log } from "./log.ts";
 * log.note("Reading 3 files");
 * ```
 */
export const log = {
  /** A progress or context note (dim). */
  note(text: string): void {
    if (quiet) return;
    line(paint("dim", safeText(text)));
  },
  /** Something the user should know; the run continues. */
  warn(text: string): void {
    line(`${paint(["yellow", "bold"], "warning:")} ${safeText(text)}`);
  },
  /** The run failed. */
  error(text: string): void {
    line(`${paint(["red", "bold"], "error:")} ${safeLines(text)}`);
  },
  /**
   * The last line of a run that wrote a file: `wrote FILE: what it holds` (dim, like a note).
   * Only for files: when the output went to stdout nothing is said.
   */
  wrote(file: string | undefined, holds: string): void {
    if (file === undefined) return;
    line(paint("dim", safeText(`wrote ${file}: ${holds}`)));
  },
  /** Plain text (e.g. a usage line). */
  plain(text: string): void {
    line(safeLines(text));
  },
};

/**
 * A one-line status that rewrites itself, shown only when stderr is a terminal (never in CI
 * logs or when redirected). `done()` clears it.
 *
 * @example
 * ```ts
 * import { createStatusLine } from "./log.ts";
 * const s = createStatusLine();
 * s.update("page 3, 3,000 sign-ins");
 * s.done();
 * ```
 */
export function createStatusLine(): { update(text: string): void; done(): void } {
  const tty = Deno.stderr.isTerminal();
  let last = 0;
  let shown = false;
  return {
    update(text: string) {
      if (!tty || quiet) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      Deno.stderr.writeSync(encoder.encode(`\r\x1b[2K${safeText(text).slice(0, 200)}`));
    },
    done() {
      if (tty && shown) Deno.stderr.writeSync(encoder.encode("\r\x1b[2K"));
      shown = false;
    },
  };
}
