/**
 * Messages for humans, always on stderr (stdout carries only the task's output, so it pipes).
 * Colour through `node:util` styleText, which honours NO_COLOR / FORCE_COLOR and stderr's TTY state.
 *
 * @module
 */
import process from "node:process";
import { styleText } from "node:util";
import { safeLines, safeText } from "./safe_text.ts";

type Style = Parameters<typeof styleText>[0];

const encoder = new TextEncoder();

function paint(style: Style, text: string): string {
  return styleText(style, text, { stream: process.stderr });
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
      if (!tty) return;
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
