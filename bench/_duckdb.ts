/**
 * The DuckDB side of the sign-in report benchmark (issue #18), run in its own process:
 * `deno run --allow-read --allow-ffi --allow-env --allow-sys bench/_duckdb.ts FILE ndjson|array THREADS`.
 * Loads the file with explicit columns (what an analyst would write) and computes the core numbers
 * of the report: rows, distinct ids and users, MFA requirement, CA status, error codes, MFA result
 * texts, methods × succeeded (unnest), CA policy × result (unnest), top applications and users
 * with a denied MFA. Prints `{"ms":…,"rows":…}`. `@duckdb/node-api` is pinned in deno.json for
 * this benchmark only; no task imports it.
 *
 * @module
 */
import { DuckDBInstance } from "@duckdb/node-api";

const [path, format, threads] = Deno.args;
const t0 = performance.now();
const db = await DuckDBInstance.create(":memory:", { threads: threads ?? "2" });
const c = await db.connect();
const file = path!.replaceAll("'", "''");
await c.run(`CREATE TABLE s AS SELECT * FROM read_json('${file}',
  format = '${format === "array" ? "array" : "newline_delimited"}',
  maximum_object_size = 67108864,
  columns = {
    id: 'VARCHAR', correlationId: 'VARCHAR', userId: 'VARCHAR', userPrincipalName: 'VARCHAR',
    createdDateTime: 'VARCHAR', appDisplayName: 'VARCHAR', authenticationRequirement: 'VARCHAR',
    conditionalAccessStatus: 'VARCHAR',
    status: 'STRUCT(errorCode BIGINT, failureReason VARCHAR, additionalDetails VARCHAR)',
    authenticationDetails: 'STRUCT(authenticationMethod VARCHAR, succeeded BOOLEAN, authenticationStepResultDetail VARCHAR)[]',
    appliedConditionalAccessPolicies: 'STRUCT(id VARCHAR, displayName VARCHAR, result VARCHAR)[]'
  })`);
const queries = [
  "SELECT count(*) AS n, count(DISTINCT id) AS ids, count(DISTINCT coalesce(userId, userPrincipalName)) AS users FROM s",
  "SELECT authenticationRequirement, count(*) FROM s GROUP BY ALL",
  "SELECT conditionalAccessStatus, count(*) FROM s GROUP BY ALL",
  "SELECT status.errorCode, count(*) FROM s GROUP BY ALL",
  "SELECT status.additionalDetails, count(*) FROM s GROUP BY ALL",
  "SELECT d.authenticationMethod, d.succeeded, count(*) FROM (SELECT unnest(authenticationDetails) AS d FROM s) GROUP BY ALL",
  "SELECT p.id, p.result, count(*) FROM (SELECT unnest(appliedConditionalAccessPolicies) AS p FROM s) GROUP BY ALL",
  "SELECT appDisplayName, count(*) AS n FROM s GROUP BY ALL ORDER BY n DESC LIMIT 10",
  "SELECT userPrincipalName, count(*) AS n FROM s WHERE status.errorCode = 500121 GROUP BY ALL ORDER BY n DESC LIMIT 10",
];
let rows = 0;
for (const q of queries) {
  const r = await c.runAndReadAll(q);
  if (rows === 0) rows = Number(r.getRows()[0]![0]);
}
console.log(JSON.stringify({ ms: performance.now() - t0, rows }));
