import assert from "node:assert/strict";
import { type ColourInputs, colourWanted, styled } from "./log.ts";

Deno.test("colourWanted(): FORCE_COLOR when readable, then NO_COLOR, then the terminal", () => {
  const CASES: [Partial<ColourInputs>, boolean][] = [
    [{ isTerminal: true }, true],
    [{ isTerminal: false }, false],
    [{ isTerminal: true, noColor: true }, false],
    [{ isTerminal: false, forceColor: "1" }, true],
    [{ isTerminal: false, forceColor: "" }, true],
    [{ isTerminal: false, forceColor: "3" }, true],
    [{ isTerminal: true, forceColor: "0" }, false],
    [{ isTerminal: true, forceColor: " FALSE " }, false],
    [{ isTerminal: false, noColor: true, forceColor: "1" }, true],
  ];
  for (const [partial, want] of CASES) {
    const inputs: ColourInputs = { forceColor: undefined, noColor: false, isTerminal: false, ...partial };
    assert.equal(colourWanted(inputs), want, JSON.stringify(partial));
  }
});

Deno.test("styled() nests SGR codes, first style outermost", () => {
  assert.equal(styled([], "x"), "x");
  assert.equal(styled(["dim"], "x"), "\x1b[2mx\x1b[22m");
  assert.equal(styled(["yellow", "bold"], "w"), "\x1b[33m\x1b[1mw\x1b[22m\x1b[39m");
});

const LOG_MODULE = new URL("./log.ts", import.meta.url).href;

/** Runs `log.warn("x")` in a process with stderr piped (not a terminal) and the given grant. */
async function warnOffTerminal(allowEnv: string[], env: Record<string, string>): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...allowEnv.map((n) => `--allow-env=${n}`), "-"],
    env: { PATH: Deno.env.get("PATH") ?? "", DENO_NO_UPDATE_CHECK: "1", ...env },
    clearEnv: true,
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(
    new TextEncoder().encode(`import { log } from ${JSON.stringify(LOG_MODULE)}; log.warn("x");`),
  );
  await w.close();
  const out = await child.output();
  assert.equal(out.code, 0);
  return new TextDecoder().decode(out.stderr);
}

Deno.test("off a terminal, FORCE_COLOR colours only where the process may read it (never a prompt or error)", async (t) => {
  const PLAIN = "warning: x\n";
  const COLOURED = "\x1b[33m\x1b[1mwarning:\x1b[22m\x1b[39m x\n";
  const CASES: { name: string; allow: string[]; env: Record<string, string>; want: string }[] = [
    { name: "granted, FORCE_COLOR=1", allow: ["FORCE_COLOR"], env: { FORCE_COLOR: "1" }, want: COLOURED },
    { name: "granted, FORCE_COLOR=0", allow: ["FORCE_COLOR"], env: { FORCE_COLOR: "0" }, want: PLAIN },
    { name: "granted, unset", allow: ["FORCE_COLOR"], env: {}, want: PLAIN },
    { name: "not granted, FORCE_COLOR=1", allow: [], env: { FORCE_COLOR: "1" }, want: PLAIN },
    { name: "not granted, NO_COLOR=1", allow: [], env: { NO_COLOR: "1" }, want: PLAIN },
  ];
  for (const c of CASES) {
    await t.step(c.name, async () => {
      assert.equal(await warnOffTerminal(c.allow, c.env), c.want);
    });
  }
});
