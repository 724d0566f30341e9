/**
 * CI job summaries. GitHub Actions: when `GITHUB_STEP_SUMMARY` names a file, the verdict is
 * appended to it (the job's summary page renders it). Azure DevOps: when `TF_BUILD` is set, the
 * task prints `##vso[task.uploadsummary]<absolute path of the --out Markdown>` on stdout and
 * the agent attaches that file to the run's summary.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { readGrantedEnvs } from "../cli/env.ts";

/** Environment variables this module reads (the task's `--allow-env` must list them). */
export const CI_ENV_NAMES = ["GITHUB_STEP_SUMMARY", "TF_BUILD"] as const;

/** What the CI environment asks for. */
export interface CiEnvironment {
  /** File to append the GitHub job summary to, or null. */
  githubStepSummary: string | null;
  /** Running in Azure Pipelines (`TF_BUILD` set). */
  azurePipelines: boolean;
}

/**
 * Reads the CI variables from an environment record (pure; see {@linkcode readCiEnvironment}).
 *
 * @example Usage
 * ```ts
 * import { ciEnvironmentOf } from "./ci.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(ciEnvironmentOf({ GITHUB_STEP_SUMMARY: "/tmp/s.md" }), { githubStepSummary: "/tmp/s.md", azurePipelines: false });
 * assert.deepEqual(ciEnvironmentOf({ TF_BUILD: "True", GITHUB_STEP_SUMMARY: "" }), { githubStepSummary: null, azurePipelines: true });
 * ```
 */
export function ciEnvironmentOf(env: Readonly<Record<string, string | undefined>>): CiEnvironment {
  const summary = env.GITHUB_STEP_SUMMARY?.trim();
  return {
    githubStepSummary: summary === undefined || summary === "" ? null : summary,
    azurePipelines: (env.TF_BUILD ?? "").trim() !== "",
  };
}

/**
 * Reads {@linkcode CI_ENV_NAMES} from the process, skipping (without a prompt) any variable
 * the process may not read.
 *
 * @example Usage
 * ```ts
 * import { readCiEnvironment } from "./ci.ts";
 * import assert from "node:assert/strict";
 * assert.equal(typeof readCiEnvironment().azurePipelines, "boolean");
 * ```
 */
export function readCiEnvironment(): CiEnvironment {
  return ciEnvironmentOf(readGrantedEnvs(CI_ENV_NAMES));
}

/**
 * The Azure Pipelines logging command that attaches a Markdown file to the run's summary.
 * The path is made absolute and escaped the way the agent unescapes command data.
 *
 * @param path the written Markdown file
 * @param cwd the working directory a relative path is resolved against
 *
 * @example Usage
 * ```ts
 * import { azureUploadSummaryCommand } from "./ci.ts";
 * import assert from "node:assert/strict";
 * assert.equal(azureUploadSummaryCommand("out/report.md", "/agent/_work/1/s"), "##vso[task.uploadsummary]/agent/_work/1/s/out/report.md");
 * assert.equal(azureUploadSummaryCommand("/a/100%\nb.md", "/"), "##vso[task.uploadsummary]/a/100%AZP25%0Ab.md");
 * ```
 */
export function azureUploadSummaryCommand(path: string, cwd: string): string {
  const abs = isAbsolute(path) ? path : resolve(cwd, path);
  const data = abs.replace(/%/g, "%AZP25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return `##vso[task.uploadsummary]${data}`;
}

/**
 * Appends text to the GitHub step summary file (creating it if needed), separated from what
 * is already there by a blank line.
 *
 * @throws {Error} `Cannot append to the GitHub step summary …` when the file cannot be written
 *
 * @example Usage
 * ```ts
 * import { appendStepSummary } from "./ci.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/s.md`, "# Build\n");
 * await appendStepSummary(`${dir}/s.md`, "## MFA compliance\n");
 * assert.equal(await Deno.readTextFile(`${dir}/s.md`), "# Build\n\n## MFA compliance\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendStepSummary(path: string, markdown: string): Promise<void> {
  try {
    await Deno.writeTextFile(path, `\n${markdown}`, { append: true, create: true });
  } catch (e) {
    throw new Error(
      `Cannot append to the GitHub step summary ${JSON.stringify(path)}: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
}
