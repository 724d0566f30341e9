import assert from "node:assert/strict";
import { createTaskCommand, runTask } from "./command.ts";
import { EXIT_CODE, InputError, UsageError } from "../errors.ts";

function parser(argv: string[]) {
  const cmd = createTaskCommand("t", "test task").option("--days <n>", "days");
  cmd.parse(argv, { from: "user" });
  return cmd.opts();
}

const CASES: {
  name: string;
  body: (argv: string[]) => Promise<number | void>;
  argv?: string[];
  code: number;
}[] = [
  { name: "success returns 0", body: () => Promise.resolve(), code: EXIT_CODE.Ok },
  {
    name: "threshold not met passes 3 through",
    body: () => Promise.resolve(3),
    code: EXIT_CODE.ThresholdNotMet,
  },
  {
    name: "UsageError exits 2",
    body: () => Promise.reject(new UsageError("Cannot use --x")),
    code: EXIT_CODE.Usage,
  },
  {
    name: "unknown option exits 2",
    body: (argv) => Promise.resolve(void parser(argv)),
    argv: ["--nope"],
    code: EXIT_CODE.Usage,
  },
  {
    name: "missing option value exits 2",
    body: (argv) => Promise.resolve(void parser(argv)),
    argv: ["--days"],
    code: EXIT_CODE.Usage,
  },
  {
    name: "InputError exits 1",
    body: () => Promise.reject(new InputError("bad", { file: "a.csv", line: 2 })),
    code: EXIT_CODE.Failure,
  },
  { name: "any other error exits 1", body: () => Promise.reject(new Error("boom")), code: EXIT_CODE.Failure },
  { name: "a thrown non-Error exits 1", body: () => Promise.reject("plain string"), code: EXIT_CODE.Failure },
];

Deno.test("runTask() maps outcomes to exit codes", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, async () => assert.equal(await runTask("t", c.body, c.argv ?? []), c.code));
  }
});

Deno.test("runTask() prints one error line without a stack unless --verbose", async () => {
  const script = `
    import { runTask } from "./lib/cli/command.ts";
    const code = await runTask("t", () => Promise.reject(new Error("Cannot read x: denied")), Deno.args);
    Deno.exit(code);
  `;
  for (const verbose of [false, true]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", script, ...(verbose ? ["--verbose"] : [])],
      env: { NO_COLOR: "1" },
      cwd: new URL("../..", import.meta.url).pathname,
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1);
    assert.match(err, /^error: Cannot read x: denied\n/);
    if (verbose) assert.match(err, /\n\s+at /, "stack shown with --verbose");
    else assert.equal(err, "error: Cannot read x: denied\n");
  }
});
