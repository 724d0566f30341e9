/**
 * Test helper: runs `deno task NAME ARGS…` on a pseudo-terminal, the way an admin at an
 * interactive shell does, through util-linux `script` (Debian's util-linux is essential, so CI
 * has it). stdout, stderr and stdin of the task are the terminal; the terminal's input is
 * closed unless the test types keys (e.g. Ctrl-C). A Deno permission prompt can therefore never
 * be answered: the run is killed as soon as one shows (or at the timeout) and the output says so.
 *
 * @module
 */
import { PROJECT_ROOT, taskEnv } from "./_run_task.ts";
import { watchProcessTree } from "./_task_table.ts";

/** What a run on the terminal produced. */
export interface PtyRun {
  /** The task's exit code (`script -e` passes it on); 124 after a timeout kill. */
  code: number;
  /** Everything the terminal showed (stdout and stderr of the task, CRLF made LF). */
  output: string;
  /** The run was killed after the timeout. */
  timedOut: boolean;
  /** Deno asked for a permission, or a permission error showed; the run was killed. */
  prompted: boolean;
  /** Wall-clock milliseconds. */
  ms: number;
}

/** Options of {@linkcode startDenoTaskOnPty}. */
export interface PtyOptions {
  /** Extra environment variables (win over {@linkcode terminalEnv}'s). */
  env?: Record<string, string>;
  /** Kill the run after this many ms (default 90,000). */
  timeoutMs?: number;
  /** Keep the terminal's input open so the test can type keys (default: closed). */
  keyboard?: boolean;
}

/** A run under way. */
export interface PtyHandle {
  /** Types `text` on the terminal (needs `keyboard: true`); "\x03" is Ctrl-C. */
  type(text: string): Promise<void>;
  /** The finished run. */
  done: Promise<PtyRun>;
}

/**
 * Text Deno prints when it asks for a permission or refuses one (after ANSI codes are removed):
 * `Deno requests env access to "TERM"`, `NotCapable: Requires env access…`, `PermissionDenied`.
 */
export const PERMISSION_TEXT: RegExp =
  /Deno requests \w+ access|NotCapable|Requires \w+ access|PermissionDenied/;

/** ANSI escape sequences (CSI and OSC), for matching text the terminal shows. */
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b\][^\x07]*\x07/g;

/**
 * `text` without ANSI escape sequences.
 *
 * @example
 * ```ts
 * import { stripAnsi } from "./_run_on_pty.ts";
 * import assert from "node:assert/strict";
 * assert.equal(stripAnsi("\x1b[1mDeno requests \x1b[0m\x1b[1menv access\x1b[0m"), "Deno requests env access");
 * ```
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * The environment of a terminal session: {@linkcode taskEnv} without `NO_COLOR`, with
 * `TERM=xterm-256color` and `COLORTERM=truecolor` as a terminal emulator sets them (the names
 * colour detection reads), plus `extra`.
 */
export function terminalEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = taskEnv({ TERM: "xterm-256color", COLORTERM: "truecolor" });
  delete env.NO_COLOR;
  return Object.assign(env, extra);
}

/** `word` quoted for a POSIX shell. */
function shellQuote(word: string): string {
  return /^[\w.,\/=:@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Seconds the terminal stays open after the task ends, so its last output is read. */
const TAIL_SECONDS = 0.3;

let scriptCheck: Promise<string | null> | undefined;

/**
 * Why runs on a pseudo-terminal are impossible here (util-linux `script` missing), or null.
 */
export function ptyUnavailable(): Promise<string | null> {
  scriptCheck ??= (async () => {
    try {
      const r = await new Deno.Command("script", { args: ["--version"], stdout: "piped", stderr: "null" })
        .output();
      const v = new TextDecoder().decode(r.stdout);
      return r.success && /util-linux/.test(v)
        ? null
        : `\`script\` is not util-linux's (${v.trim() || "no version"}): install util-linux`;
    } catch {
      return "util-linux `script` is not installed (Debian/Ubuntu: apt-get install util-linux)";
    }
  })();
  return scriptCheck;
}

/**
 * Starts `deno task -q NAME ARGS…` from the project root on a new pseudo-terminal.
 *
 * @param name task name in deno.json
 * @param args arguments after the task name
 * @param options environment, timeout, keyboard
 */
export function startDenoTaskOnPty(
  name: string,
  args: readonly string[],
  options: PtyOptions = {},
): PtyHandle {
  const words = [Deno.execPath(), "task", "-q", `--config=${PROJECT_ROOT}deno.json`, name, ...args];
  // The shell keeps the terminal open a moment after the task ends, as an interactive shell does:
  // `script` stops reading 10 ms after its child ends (util-linux lib/pty-session.c, "no child,
  // setting leaving timeout"), and the kernel hands a pseudo-terminal's output to `script`
  // asynchronously, so on a loaded machine the task's last lines (e.g. the summary after Ctrl-C)
  // could still be on their way and were lost. The shell outlives a Ctrl-C with a trap (reset to
  // the default in the task), as a shell running the task in the foreground does.
  const command = `trap : INT; ${words.map(shellQuote).join(" ")}; s=$?; sleep ${TAIL_SECONDS}; exit $s`;
  const started = performance.now();
  const child = new Deno.Command("script", {
    // -q no banner, -e the command's exit code, -c the command; the typescript file is /dev/null
    args: ["-qec", command, "/dev/null"],
    cwd: PROJECT_ROOT,
    env: terminalEnv(options.env),
    clearEnv: true,
    stdin: options.keyboard ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const tree = watchProcessTree(child);
  const watcher = setInterval(() => tree.watch(), 200);
  let timedOut = false;
  let prompted = false;
  const timer = setTimeout(() => {
    timedOut = true;
    tree.killAll();
  }, options.timeoutMs ?? 90_000);
  const writer = options.keyboard ? child.stdin.getWriter() : undefined;

  const readAll = async (stream: ReadableStream<Uint8Array>, onText?: (all: string) => void) => {
    const dec = new TextDecoder("utf-8", { ignoreBOM: true });
    let text = "";
    for await (const chunk of stream) {
      text += dec.decode(chunk, { stream: true });
      onText?.(text);
    }
    return text + dec.decode();
  };
  const done = (async (): Promise<PtyRun> => {
    try {
      const [output, stderr, status] = await Promise.all([
        readAll(child.stdout, (all) => {
          if (prompted || !PERMISSION_TEXT.test(stripAnsi(all))) return;
          prompted = true;
          // let the rest of the prompt arrive, then stop: nobody can answer it
          setTimeout(() => tree.killAll(), 300);
        }),
        readAll(child.stderr),
        child.status,
      ]);
      const shown = (output + stderr).replaceAll("\r\n", "\n");
      return {
        code: timedOut ? 124 : status.code,
        output: shown,
        timedOut,
        prompted: prompted || PERMISSION_TEXT.test(stripAnsi(shown)),
        ms: performance.now() - started,
      };
    } finally {
      clearTimeout(timer);
      clearInterval(watcher);
      await writer?.close().catch(() => {});
    }
  })();
  return {
    async type(text: string) {
      if (!writer) throw new Error("startDenoTaskOnPty: pass keyboard: true to type keys");
      await writer.write(new TextEncoder().encode(text));
    },
    done,
  };
}

/**
 * Runs `deno task -q NAME ARGS…` on a pseudo-terminal with its input closed; see
 * {@linkcode startDenoTaskOnPty}.
 */
export function runDenoTaskOnPty(
  name: string,
  args: readonly string[],
  options: PtyOptions = {},
): Promise<PtyRun> {
  return startDenoTaskOnPty(name, args, { ...options, keyboard: false }).done;
}
