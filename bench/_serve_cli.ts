/**
 * Starts the local Graph-compatible server (`dev/graph_server/serve_cli.ts`) in its own process,
 * so a benchmark's RSS is the client's alone; the benchmarks' one way to start it.
 *
 * @module
 */

/** A running server process. */
export interface ServeCli {
  /** The process (stdin closed → the server prints `stats …` and exits). */
  child: Deno.ChildProcess;
  /** The server's base URL. */
  url: string;
  /** The next line the server prints on stdout. */
  nextLine(): Promise<string>;
  /** Stops reading stdout. */
  close(): Promise<void>;
}

/**
 * Spawns `serve_cli.ts` with `args` and waits for its `listening <url>` line.
 *
 * @param args serve_cli's options (`--synthetic-signins N`, `--dataset FILE`, …)
 */
export async function startServeCli(args: readonly string[]): Promise<ServeCli> {
  const root = new URL("..", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      `--config=${root}deno.json`,
      "--allow-net=127.0.0.1",
      "--allow-read",
      `${root}dev/graph_server/serve_cli.ts`,
      ...args,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  const nextLine = async (): Promise<string> => {
    while (!buf.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) throw new Error("Cannot read the Graph server's output: it exited");
      buf += value;
    }
    const line = buf.slice(0, buf.indexOf("\n"));
    buf = buf.slice(buf.indexOf("\n") + 1);
    return line;
  };
  const url = (await nextLine()).replace(/^listening /, "");
  return { child, url, nextLine, close: () => lines.cancel() };
}
