/**
 * The public API as a user of the package sees it: every subpath export in `deno.json` loads
 * under the package's own name, no name means two different things across the subpaths, the
 * root exports the library and not the command-line plumbing, and no barrel uses `export *`.
 *
 * @module
 */
import assert from "node:assert/strict";
import denoJson from "../deno.json" with { type: "json" };
import { PROJECT_ROOT } from "./_run_task.ts";
import * as root from "@contoso-example/entra-mfa-toolkit";
import * as classify from "@contoso-example/entra-mfa-toolkit/classify";
import * as signins from "@contoso-example/entra-mfa-toolkit/signins";
import * as registration from "@contoso-example/entra-mfa-toolkit/registration";
import * as signinsReport from "@contoso-example/entra-mfa-toolkit/signins-report";
import * as mfaServer from "@contoso-example/entra-mfa-toolkit/mfa-server";
import * as compliance from "@contoso-example/entra-mfa-toolkit/compliance";
import * as exporter from "@contoso-example/entra-mfa-toolkit/export";
import * as report from "@contoso-example/entra-mfa-toolkit/report";
import * as graph from "@contoso-example/entra-mfa-toolkit/graph";
import * as io from "@contoso-example/entra-mfa-toolkit/io";
import * as time from "@contoso-example/entra-mfa-toolkit/time";
import * as errors from "@contoso-example/entra-mfa-toolkit/errors";
import * as logAnalytics from "@contoso-example/entra-mfa-toolkit/log-analytics";

/** Each subpath, as imported above through the package name. */
const LOADED: Record<string, Record<string, unknown>> = {
  ".": root,
  "./classify": classify,
  "./signins": signins,
  "./registration": registration,
  "./signins-report": signinsReport,
  "./mfa-server": mfaServer,
  "./compliance": compliance,
  "./export": exporter,
  "./report": report,
  "./graph": graph,
  "./io": io,
  "./time": time,
  "./errors": errors,
  "./log-analytics": logAnalytics,
};

const EXPORTS: Record<string, string> = denoJson.exports;

Deno.test("every deno.json subpath export loads under the package name and exports something", () => {
  assert.deepEqual(Object.keys(LOADED).sort(), Object.keys(EXPORTS).sort());
  for (const [subpath, mod] of Object.entries(LOADED)) {
    assert.ok(Object.keys(mod).length > 0, `${subpath} exports no value`);
  }
});

interface DocDeclaration {
  location: { filename: string; line: number };
  kind: string;
  def?: { target?: { filename: string; line: number } };
}

/** name → the places (file:line) it is declared at, over all subpaths (re-exports followed). */
async function declarationsByName(): Promise<Map<string, Map<string, string[]>>> {
  const files = Object.values(EXPORTS);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", ...files],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "null",
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(out.code, 0, "deno doc failed");
  const doc = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    nodes: Record<string, { symbols?: { name: string; declarations: DocDeclaration[] }[] }>;
  };
  const byName = new Map<string, Map<string, string[]>>();
  for (const [file, node] of Object.entries(doc.nodes)) {
    const subpath = Object.keys(EXPORTS).find((k) =>
      new URL(EXPORTS[k]!, `file://${PROJECT_ROOT}`).href === file
    ) ??
      file;
    for (const s of node.symbols ?? []) {
      for (const d of s.declarations) {
        const at = d.kind === "reference" && d.def?.target ? d.def.target : d.location;
        const place = `${
          at.filename.slice(at.filename.indexOf(PROJECT_ROOT) + PROJECT_ROOT.length)
        }:${at.line}`;
        const places = byName.get(s.name) ?? new Map<string, string[]>();
        byName.set(s.name, places);
        places.set(place, [...(places.get(place) ?? []), subpath]);
      }
    }
  }
  return byName;
}

Deno.test("no name is exported under two meanings across the subpath exports", async () => {
  const byName = await declarationsByName();
  assert.ok(byName.size > 500, `expected the whole API, got ${byName.size} names`);
  const twice = [...byName].filter(([, places]) =>
    new Set([...places.keys()].map((p) => p.split(":")[0])).size > 1
  )
    .map(([name, places]) =>
      `${name}: ${[...places].map(([p, s]) => `${p} (${s.join(", ")})`).join(" vs ")}`
    );
  assert.deepEqual(twice, []);
  // The same name from two subpaths is the very same value.
  for (const name of byName.keys()) {
    const values = Object.entries(LOADED).filter(([, m]) => name in m).map(([, m]) => m[name]);
    assert.ok(values.every((v) => v === values[0]), `${name} differs between subpaths`);
  }
});

Deno.test("the root module exports the library, not the command-line plumbing", () => {
  const LIBRARY = [
    "classifyMfaResult",
    "markdownTable",
    "writeOutput",
    "CountMap",
    "formatDuration",
    "UsageError",
    "GraphError",
    "createGraphClient",
    "listUsers",
    "readMfaServerActivity",
    "createMfaServerTally",
    "renderMfaServerMarkdown",
    "openRegistrationFile",
    "createRegistrationTally",
    "renderRegistrationMarkdown",
    "parsePolicy",
    "evaluateRules",
    "renderComplianceMarkdown",
  ];
  for (const name of LIBRARY) assert.ok(name in root, `root lacks ${name}`);
  const PLUMBING = [
    "runMain",
    "runTask",
    "createTaskCommand",
    "parseIntOption",
    "enterInvocationDir",
    "log",
    "addGraphOptions",
    "parseRegistrationArgs",
    "registrationCommand",
    "runUserListTask",
    "parseComplianceArgs",
    "runComplianceReport",
  ];
  for (const name of PLUMBING) assert.ok(!(name in root), `root exports ${name}`);
});

Deno.test("no mod.ts uses export *", async () => {
  const barrels = ["mod.ts"];
  const walk = async (dir: string): Promise<void> => {
    for await (const e of Deno.readDir(`${PROJECT_ROOT}${dir}`)) {
      if (e.isDirectory) await walk(`${dir}/${e.name}`);
      else if (e.name === "mod.ts") barrels.push(`${dir}/${e.name}`);
    }
  };
  await walk("lib");
  assert.ok(barrels.length > 10);
  const offenders: string[] = [];
  for (const b of barrels) {
    const text = await Deno.readTextFile(`${PROJECT_ROOT}${b}`);
    if (/^export \*/m.test(text)) offenders.push(b);
  }
  assert.deepEqual(offenders, []);
});
