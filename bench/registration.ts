/**
 * Registration benchmark: `registered-users` (the real task, as a subprocess with its task
 * permissions) against the local Graph server (its own subprocess) serving a sample tenant of
 * N users (default 25,000 and 100,000). Prints wall time and the task process's peak RSS per
 * size (sampled every 10 ms inside the task process: the child runs this file with `--child`,
 * which calls the task's `main`). Each size runs twice: plainly, and with `--method certificate`
 * (no sample user has one), which reads and classifies every row but keeps no UPN. The second
 * run's RSS stays flat as the tenant grows: rows are streamed, and only the sorted UPN list
 * grows with the user count.
 *
 * Run: `deno run --allow-read --allow-write --allow-run --allow-net=127.0.0.1 --allow-env bench/registration.ts [users…]`
 *
 * @module
 */
import { startServeCli } from "./_serve_cli.ts";
import { generateRegistrationDetails, generateUsers } from "../dev/sample/mod.ts";

async function runChild(): Promise<never> {
  const { main } = await import("../tasks/registered_users.ts");
  let peak = Deno.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, Deno.memoryUsage().rss);
  }, 10);
  const code = await main(Deno.args.slice(1));
  clearInterval(timer);
  peak = Math.max(peak, Deno.memoryUsage().rss);
  console.error(`PEAK_RSS ${peak}`);
  Deno.exit(code);
}

async function runBenchmark(): Promise<void> {
  const SIZES = Deno.args.length ? Deno.args.map(Number) : [25_000, 100_000];
  const ROOT = new URL("..", import.meta.url).pathname;
  const PERMS = [
    "--allow-net=graph.microsoft.com,graph.microsoft.us,dod-graph.microsoft.us,microsoftgraph.chinacloudapi.cn," +
    "login.microsoftonline.com,login.microsoftonline.us,login.partner.microsoftonline.cn,127.0.0.1,localhost",
    "--allow-env=GRAPH_ACCESS_TOKEN,AZURE_TENANT_ID,AZURE_CLIENT_ID,AZURE_CLIENT_SECRET,AZURE_CLIENT_CERTIFICATE_PATH," +
    "AZURE_CLIENT_CERTIFICATE_PASSWORD,AZURE_FEDERATED_TOKEN_FILE,GRAPH_BASE_URL",
    "--allow-read",
    "--allow-write",
  ];

  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

  for (const n of SIZES) {
    const dir = await Deno.makeTempDir({ prefix: "emt-bench-registration-" });
    try {
      const datasetFile = `${dir}/dataset.json`;
      const users = generateUsers({ users: n });
      const registrationDetails = generateRegistrationDetails({ users: n });
      const expected = registrationDetails.filter((r, i) =>
        r.isMfaRegistered === true && users[i]?.accountEnabled === true
      )
        .length;
      await Deno.writeTextFile(
        datasetFile,
        JSON.stringify({
          tenantId: "11111111-2222-4333-8444-555555555555",
          domain: "contoso.example",
          users,
          registrationDetails,
          authenticationMethods: {},
          conditionalAccessPolicies: [],
          signIns: [],
        }),
      );
      const { child: server, url } = await startServeCli(["--dataset", datasetFile]);

      for (
        const [label, extra] of [["all registered", []], ["none kept", ["--method", "certificate"]]] as const
      ) {
        const started = performance.now();
        const task = new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "--quiet",
            ...PERMS,
            "bench/registration.ts",
            "--child",
            "--graph-url",
            url,
            "--budget",
            "0",
            "--out",
            `${dir}/out.txt`,
            ...extra,
          ],
          cwd: ROOT,
          env: { NO_COLOR: "1" },
          stdout: "null",
          stderr: "piped",
        }).spawn();
        const err = await new Response(task.stderr).text();
        const status = await task.status;
        const peak = Number(/PEAK_RSS (\d+)/.exec(err)?.[1] ?? NaN);
        const elapsed = (performance.now() - started) / 1000;
        const got = (await Deno.readTextFile(`${dir}/out.txt`)).split("\n").filter((l) => l !== "").length;
        const want = extra.length === 0 ? expected : 0;
        console.log(
          `users ${n.toLocaleString("en-US")} (${label}): exit ${status.code}, ${
            got.toLocaleString("en-US")
          } UPNs ` +
            `(expected ${want.toLocaleString("en-US")}), wall ${elapsed.toFixed(2)} s, peak task RSS ${
              mb(peak)
            } MB`,
        );
        if (status.code !== 0 || got !== want) {
          console.error(err);
          Deno.exitCode = 1;
        }
      }
      await server.stdin.close();
      await server.status;
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
}

if (import.meta.main) {
  if (Deno.args[0] === "--child") await runChild();
  else await runBenchmark();
}
