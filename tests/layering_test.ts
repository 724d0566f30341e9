/**
 * Layering: what users run never reaches the test scaffolding. `lib/` and the task entries
 * (except `tasks/demo.ts`, the sample-tenant runner) import nothing under `dev/`, and neither
 * `mod.ts` nor any `exports` entry of `deno.json` reaches `dev/` through any chain of imports.
 *
 * @module
 */
import assert from "node:assert/strict";
import denoJson from "../deno.json" with { type: "json" };
import { PROJECT_ROOT } from "./_run_task.ts";

/**
 * Task entries allowed to use `dev/`: the demo runs the sample tenant on the local servers, and
 * serve-sample serves it for people trying the toolkit.
 */
const DEV_TASKS = ["tasks/demo.ts", "tasks/serve_sample.ts"] as const;

/** Import specifiers of real import/export statements and dynamic imports (not JSDoc examples). */
function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^(?:import|export)\s[^;()]*?\bfrom\s*["']([^"']+)["']/gm,
    /^import\s*["']([^"']+)["']/gm,
    /^(?!\s*\*)[^\n]*?\bimport\(\s*["']([^"']+)["']/gm,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]!);
  return found;
}

/** The project-relative path a relative specifier of `from` resolves to, or undefined for a package. */
function resolveRelative(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
  const url = new URL(specifier, new URL(from, "file:///root/"));
  return url.pathname.replace(/^\/root\//, "");
}

/** Every non-test `.ts` file under `dir` (project-relative). */
async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(`${PROJECT_ROOT}${dir}`)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...await sourceFiles(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith("_test.ts")) out.push(p);
  }
  return out.sort();
}

/** Files under `dev/` imported directly by `file`. */
async function devImports(file: string): Promise<string[]> {
  const src = await Deno.readTextFile(`${PROJECT_ROOT}${file}`);
  return importSpecifiers(src)
    .map((s) => resolveRelative(file, s))
    .filter((p): p is string => p !== undefined && p.startsWith("dev/"));
}

/** Every project file reachable from `entry` through relative imports. */
async function closure(entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith(".ts")) continue;
    const src = await Deno.readTextFile(`${PROJECT_ROOT}${file}`);
    for (const s of importSpecifiers(src)) {
      const p = resolveRelative(file, s);
      if (p !== undefined) todo.push(p);
    }
  }
  return seen;
}

Deno.test("importSpecifiers: statements and dynamic imports, not JSDoc examples", () => {
  const cases = [
    { src: 'import { a } from "../dev/x.ts";', want: ["../dev/x.ts"] },
    { src: 'import {\n  a,\n  b,\n} from "./y.ts";', want: ["./y.ts"] },
    { src: 'export { a } from "./z.ts";', want: ["./z.ts"] },
    { src: 'import "./side.ts";', want: ["./side.ts"] },
    { src: 'const m = await import("./lazy.ts");', want: ["./lazy.ts"] },
    { src: '/**\n * import { a } from "../dev/x.ts";\n */', want: [] },
  ] as const;
  for (const c of cases) assert.deepEqual(importSpecifiers(c.src), c.want, c.src);
});

Deno.test("the walk sees real imports: the demo reaches dev/ through its imports", async () => {
  const reached = [...await closure("tasks/demo.ts")].filter((p) => p.startsWith("dev/"));
  assert.ok(reached.includes("dev/sample/mod.ts"), reached.join(", "));
  assert.ok(reached.includes("dev/graph_server/mod.ts"), reached.join(", "));
});

Deno.test("lib/ (non-test files) imports nothing under dev/", async () => {
  const files = await sourceFiles("lib");
  assert.ok(files.length > 100, `walked only ${files.length} files`);
  const bad: string[] = [];
  for (const f of files) for (const d of await devImports(f)) bad.push(`${f} -> ${d}`);
  assert.deepEqual(bad, []);
});

Deno.test("tasks/ other than the demo import nothing under dev/", async () => {
  const files = (await sourceFiles("tasks")).filter((f) => !(DEV_TASKS as readonly string[]).includes(f));
  assert.ok(files.length >= 6, `walked only ${files.length} task files`);
  const bad: string[] = [];
  for (const f of files) {
    for (const p of await closure(f)) if (p.startsWith("dev/")) bad.push(`${f} reaches ${p}`);
  }
  assert.deepEqual(bad, []);
});

Deno.test("mod.ts and every deno.json export never reach dev/", async () => {
  const exports = Object.entries(denoJson.exports as Record<string, string>);
  assert.ok(exports.length > 1);
  const bad: string[] = [];
  for (const [name, target] of exports) {
    const entry = target.replace(/^\.\//, "");
    assert.ok(!entry.startsWith("dev/"), `export ${name} points at ${target}`);
    const reached = await closure(entry);
    assert.ok(reached.size > 1 || entry.endsWith("errors.ts"), `${name}: closure of ${entry} is empty`);
    for (const p of reached) if (p.startsWith("dev/")) bad.push(`${name} (${entry}) reaches ${p}`);
  }
  assert.ok(exports.some(([, t]) => t === "./mod.ts"), "mod.ts is an export");
  assert.deepEqual(bad, []);
});

Deno.test("the scaffolding lives in dev/, not lib/", async () => {
  for (const dir of ["sample", "graph_server", "identity_server", "la_server"]) {
    assert.ok((await Deno.stat(`${PROJECT_ROOT}dev/${dir}`)).isDirectory, `dev/${dir}`);
    await assert.rejects(Deno.stat(`${PROJECT_ROOT}lib/${dir}`), Deno.errors.NotFound, `lib/${dir}`);
  }
  const testOnly = (await sourceFiles("lib")).filter((f) => /\/_test_[^/]*\.ts$/.test(f));
  assert.deepEqual(testOnly, []);
});

Deno.test("DuckDB is the benchmark's only: no file under lib/, tasks/ or dev/ imports @duckdb/", async () => {
  const files = [...await sourceFiles("lib"), ...await sourceFiles("tasks"), ...await sourceFiles("dev")];
  const bad: string[] = [];
  for (const f of files) {
    const source = await Deno.readTextFile(`${PROJECT_ROOT}${f}`);
    for (const s of importSpecifiers(source)) if (/^(npm:)?@duckdb\//.test(s)) bad.push(`${f} -> ${s}`);
  }
  assert.deepEqual(bad, []);
  assert.ok(
    importSpecifiers(await Deno.readTextFile(`${PROJECT_ROOT}bench/_duckdb.ts`)).includes("@duckdb/node-api"),
  );
});

Deno.test("The AssemblyScript compiler is the build script's only: no file under lib/, tasks/ or dev/ imports it", async () => {
  const files = [...await sourceFiles("lib"), ...await sourceFiles("tasks"), ...await sourceFiles("dev")];
  const bad: string[] = [];
  for (const f of files) {
    const source = await Deno.readTextFile(`${PROJECT_ROOT}${f}`);
    for (const s of importSpecifiers(source)) {
      if (/^(npm:)?assemblyscript\b/.test(s)) bad.push(`${f} -> ${s}`);
    }
  }
  assert.deepEqual(bad, []);
  assert.ok(
    importSpecifiers(await Deno.readTextFile(`${PROJECT_ROOT}scripts/build_wasm.ts`)).includes(
      "assemblyscript/asc",
    ),
  );
});
