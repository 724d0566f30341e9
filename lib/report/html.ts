/**
 * HTML building blocks for reports: one self-contained file (inline CSS and script, charts as
 * SVG drawn here, no network request: a Content-Security-Policy meta tag allows only the
 * page's own style and script, by hash), sortable tables and a filter box on long ones,
 * readable in dark mode and on paper.
 *
 * The body is translated from the report's own Markdown ({@linkcode markdownToHtml}): the
 * Markdown renderers are the one place a report's wording and numbers live, so the HTML
 * cannot drift from them. The translator knows only the subset the renderers write
 * (headings, GitHub tables, lists, alerts, paragraphs, `**`, `_`, code spans, links, Mermaid
 * pie and xychart blocks) and turns every character of text into text: it never copies markup
 * through, so a display name like `<script>` arrives as the characters `<script>`. Links are
 * kept only for `https://` URLs and `#anchors`.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { escapeInvisible } from "../cli/safe_text.ts";
import { formatNumber, formatPercent } from "./markdown.ts";
import { headingSlug, type ReportSummary, SUMMARY_HEADING, type SummaryLine } from "./summary.ts";

const HTML_ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML content and quoted attribute values: `& < > " '` become entities,
 * control characters become spaces, invisible and bidi characters are shown as `\u202E`-style
 * text (as in the Markdown), and CI log commands (`##vso[`, `##[`, `::`) are broken with an
 * entity.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./html.ts";
 * import assert from "node:assert/strict";
 * assert.equal(escapeHtml(`<img src=x onerror="a('1')">\u202E`), "&lt;img src=x onerror=&quot;a(&#39;1&#39;)&quot;&gt;\\u202E");
 * ```
 */
export function escapeHtml(text: unknown): string {
  if (text === null || text === undefined) return "";
  // deno-lint-ignore no-control-regex
  const s = escapeInvisible(String(text).replace(/[\u0000-\u001f\u007f]+/g, " "));
  // Printed to a CI log, the file must not carry an Azure Pipelines (`##vso[`, `##[`) or GitHub
  // Actions (`::`) command: the browser shows the entities as the same characters.
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITY[c] ?? c).replace(/##(vso)?\[/gi, "##$1&#91;")
    .replace(/::/g, "&#58;:");
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', nbsp: "\u00a0", "#39": "'" };

function decodeEntity(e: string): string {
  if (NAMED[e] !== undefined) return NAMED[e];
  const code = e.startsWith("#x") || e.startsWith("#X") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : `&${e};`;
}

const SAFE_HREF = /^(?:https:\/\/[A-Za-z0-9.-]+(?:\/[A-Za-z0-9._~\/-]*)?|#[\p{L}\p{N}_-]*)$/u;

/** Inline Markdown (the renderers' subset) → HTML and plain text. */
function inline(md: string): { html: string; text: string } {
  let html = "";
  let text = "";
  let plain = "";
  const open: string[] = [];
  // Text is collected and escaped in runs, so patterns across characters (`##vso[`) are seen.
  const put = (s: string) => {
    plain += s;
    text += s;
  };
  const emit = (markup: string) => {
    html += escapeHtml(plain) + markup;
    plain = "";
  };
  const toggle = (tag: string) => {
    if (open[open.length - 1] === tag) {
      open.pop();
      emit(`</${tag}>`);
    } else {
      open.push(tag);
      emit(`<${tag}>`);
    }
  };
  const word = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let i = 0; i < md.length; i++) {
    const c = md[i]!;
    if (c === "\\" && i + 1 < md.length && /[!-/:-@[-`{-~]/.test(md[i + 1]!)) {
      put(md[++i]!);
    } else if (c === "&") {
      const m = /^&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|nbsp);/.exec(md.slice(i));
      if (m) {
        put(decodeEntity(m[1]!));
        i += m[0].length - 1;
      } else put(c);
    } else if (c === "`") {
      const end = md.indexOf("`", i + 1);
      if (end > i) {
        const code = md.slice(i + 1, end);
        emit(`<code>${escapeHtml(code)}</code>`);
        text += code;
        i = end;
      } else put(c);
    } else if (c === "*" && md[i + 1] === "*") {
      toggle("strong");
      i++;
    } else if (c === "_" || c === "*") {
      const closing = open[open.length - 1] === "em";
      if (closing ? !word(md[i + 1]) : !word(md[i - 1]) && md[i + 1] !== undefined && md[i + 1] !== " ") {
        toggle("em");
      } else put(c);
    } else if (c === "[") {
      const m = /^\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)/.exec(md.slice(i));
      if (m && SAFE_HREF.test(m[2]!)) {
        const label = inline(m[1]!);
        emit(`<a href="${escapeHtml(m[2]!)}">${label.html}</a>`);
        text += label.text;
        i += m[0].length - 1;
      } else put(c);
    } else put(c);
  }
  emit("");
  while (open.length > 0) html += `</${open.pop()}>`;
  return { html, text };
}

/** Splits a GitHub table row into its cells (a `\|` stays inside its cell). */
function tableCells(line: string): string[] {
  const cells: string[] = [];
  let cur = "";
  const s = line.trim().replace(/^\|/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\" && i + 1 < s.length) {
      cur += c + s[++i];
    } else if (c === "|") {
      cells.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim() !== "") cells.push(cur.trim());
  return cells;
}

/** Rows above which a table gets a filter box. */
export const FILTER_MIN_ROWS = 10;

const PALETTE_SIZE = 9;

function polar(cx: number, cy: number, r: number, a: number): string {
  return `${(cx + r * Math.sin(a)).toFixed(2)} ${(cy - r * Math.cos(a)).toFixed(2)}`;
}

/**
 * A pie (donut) chart as inline SVG with its legend as HTML: label, value and share per slice.
 * Zero and negative slices are left out.
 *
 * @example
 * ```ts
 * import { svgPie } from "./html.ts";
 * import assert from "node:assert/strict";
 * const h = svgPie("Methods <b>", [["SMS", 3], ["App", 1]]);
 * assert.match(h, /<svg [^>]*role="img"/);
 * assert.match(h, /Methods &lt;b&gt;/);
 * assert.match(h, /SMS<\/span> <span class="v">3 \(75\.0%\)/);
 * ```
 */
export function svgPie(title: string, slices: readonly (readonly [string, number])[]): string {
  const shown = slices.filter(([, v]) => v > 0);
  const total = shown.reduce((n, [, v]) => n + v, 0);
  if (total === 0) return "";
  const cx = 80, cy = 80, r = 76, hole = 42;
  let a = 0;
  const paths = shown.map(([label, v], i) => {
    const cls = `s${i % PALETTE_SIZE}`;
    const tip = `<title>${escapeHtml(`${label}: ${formatNumber(v)} (${formatPercent(v, total)})`)}</title>`;
    if (v === total) {
      return `<circle class="${cls}" cx="${cx}" cy="${cy}" r="${(r + hole) / 2}" fill="none" stroke-width="${
        r - hole
      }">${tip}</circle>`;
    }
    const a2 = a + (v / total) * 2 * Math.PI;
    const large = a2 - a > Math.PI ? 1 : 0;
    const d = `M ${polar(cx, cy, r, a)} A ${r} ${r} 0 ${large} 1 ${polar(cx, cy, r, a2)} L ${
      polar(cx, cy, hole, a2)
    } A ${hole} ${hole} 0 ${large} 0 ${polar(cx, cy, hole, a)} Z`;
    a = a2;
    return `<path class="${cls}" d="${d}">${tip}</path>`;
  });
  const legend = shown.map(([label, v], i) =>
    `<li><span class="sw s${i % PALETTE_SIZE}"></span><span class="l">${
      escapeHtml(label)
    }</span> <span class="v">${formatNumber(v)} (${formatPercent(v, total)})</span></li>`
  );
  return `<figure class="chart pie"><figcaption>${escapeHtml(title)}</figcaption><div class="pie-body">` +
    `<svg class="donut" viewBox="0 0 160 160" width="160" height="160" role="img" aria-label="${
      escapeHtml(title)
    }">${paths.join("")}</svg><ul class="legend">${legend.join("")}</ul></div></figure>`;
}

/**
 * A horizontal bar chart as inline SVG (label, bar, value per row).
 *
 * @example
 * ```ts
 * import { svgBars } from "./html.ts";
 * import assert from "node:assert/strict";
 * const h = svgBars("Denials", [["Push <x>", 29], ["SMS", 3]], "sign-ins");
 * assert.match(h, /Push &lt;x&gt;/);
 * assert.equal((h.match(/<rect /g) ?? []).length, 2);
 * ```
 */
export function svgBars(title: string, bars: readonly (readonly [string, number])[], unit = ""): string {
  if (bars.length === 0) return "";
  const max = Math.max(1, ...bars.map(([, v]) => (Number.isFinite(v) ? v : 0)));
  const rowH = 24, labelW = 200, barW = 260, width = labelW + barW + 70;
  const rows = bars.map(([label, v], i) => {
    const y = i * rowH;
    const w = Math.max(Number.isFinite(v) && v > 0 ? 1 : 0, (v / max) * barW);
    return `<g><title>${escapeHtml(`${label}: ${formatNumber(v)} ${unit}`.trim())}</title>` +
      `<text class="bl" x="${labelW - 6}" y="${y + 16}" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect class="s0" x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${
        rowH - 8
      }" rx="2"></rect>` +
      `<text class="bv" x="${labelW + w + 6}" y="${y + 16}">${formatNumber(v)}</text></g>`;
  });
  const height = bars.length * rowH;
  const showUnit = unit !== "" && !title.toLowerCase().includes(unit.toLowerCase());
  return `<figure class="chart bars"><figcaption>${escapeHtml(title)}${
    showUnit ? ` (${escapeHtml(unit)})` : ""
  }</figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${
    escapeHtml(title)
  }">${rows.join("")}</svg></figure>`;
}

/** Reads a Mermaid block written by `mermaidPie` / `mermaidBar` and draws it as SVG. */
function mermaidToSvg(lines: readonly string[]): string {
  const kind = lines[0]?.trim() ?? "";
  const quoted = (s: string) => [...s.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  if (kind.startsWith("pie")) {
    let title = "";
    const slices: [string, number][] = [];
    for (const l of lines.slice(1)) {
      const t = /^\s*title\s+(.*)$/.exec(l);
      const s = /^\s*"([^"]*)"\s*:\s*([\d.]+)\s*$/.exec(l);
      if (t) title = t[1]!;
      else if (s) slices.push([s[1]!, Number(s[2])]);
    }
    return svgPie(title, slices);
  }
  if (kind.startsWith("xychart")) {
    let title = "", labels: string[] = [], values: number[] = [], unit = "";
    for (const l of lines.slice(1)) {
      const t = /^\s*title\s+(.*)$/.exec(l);
      if (t) title = quoted(t[1]!)[0] ?? t[1]!;
      else if (/^\s*x-axis\s/.test(l)) labels = quoted(l);
      else if (/^\s*y-axis\s/.test(l)) unit = quoted(l)[0] ?? "";
      else if (/^\s*bar\s/.test(l)) {
        values = (/\[(.*)\]/.exec(l)?.[1] ?? "").split(",").map((v) => Number(v.trim()));
      }
    }
    return svgBars(title, labels.map((l, i) => [l, values[i] ?? 0]), unit);
  }
  return `<pre><code>${escapeHtml(lines.join("\n"))}</code></pre>`;
}

/** Heading ids in one document: GitHub's slugs, a repeat gets `-1`, `-2`, …. */
export class HeadingIds {
  readonly #seen = new Map<string, number>();

  /** The id of the next heading with this text. */
  next(text: string): string {
    const base = headingSlug(text);
    const n = this.#seen.get(base);
    this.#seen.set(base, (n ?? -1) + 1);
    return n === undefined ? base : `${base}-${n + 1}`;
  }
}

const ALERT: Record<string, string> = {
  NOTE: "note",
  TIP: "note",
  IMPORTANT: "warning",
  WARNING: "warning",
  CAUTION: "caution",
};

/**
 * Translates the report renderers' Markdown into HTML (see the module note): every text
 * character is escaped, headings get GitHub's anchors, tables become sortable (`table.data`)
 * with a filter box above {@linkcode FILTER_MIN_ROWS} rows, Mermaid pie and xychart blocks
 * become SVG.
 *
 * @param md Markdown from one of the toolkit's renderers
 * @param ids heading ids shared by the whole document
 *
 * @example Data stays text
 * ```ts
 * import { HeadingIds, markdownToHtml } from "./html.ts";
 * import { escapeMarkdown, markdownTable } from "./markdown.ts";
 * import assert from "node:assert/strict";
 * const evil = `<script>alert(1)</script> [x](javascript:alert(1)) **b**`;
 * const html = markdownToHtml(`## 1. Q\n\n${markdownTable(["User"], [[evil]])}`, new HeadingIds());
 * assert.match(html, /<h2 id="1-q">1\. Q<\/h2>/);
 * assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) **b**"));
 * assert.ok(!html.includes("<script"));
 * assert.equal(markdownToHtml(escapeMarkdown(evil), new HeadingIds()).includes("<a "), false);
 * ```
 */
export function markdownToHtml(md: string, ids: HeadingIds): string {
  const lines = md.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let para: string[] = [];
  let tableNo = 0;
  const flush = () => {
    if (para.length > 0) out.push(`<p>${inline(para.join(" ")).html}</p>`);
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^(```|~~~)\s*([\w-]*)\s*$/.exec(line);
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      while (++i < lines.length && lines[i]!.trim() !== fence[1]) body.push(lines[i]!);
      out.push(
        fence[2] === "mermaid"
          ? mermaidToSvg(body)
          : `<pre><code>${escapeHtml(body.join("\n"))}</code></pre>`,
      );
    } else if (heading) {
      flush();
      const level = heading[1]!.length;
      const h = inline(heading[2]!.trim());
      out.push(`<h${level} id="${escapeHtml(ids.next(h.text))}">${h.html}</h${level}>`);
    } else if (line.startsWith("|") && /^\|\s*:?-{3,}:?\s*\|/.test(lines[i + 1] ?? "")) {
      flush();
      const head = tableCells(line);
      const align = tableCells(lines[++i]!).map((
        c,
      ) => (c.endsWith(":") ? (c.startsWith(":") ? "c" : "r") : ""));
      const rows: string[][] = [];
      while (i + 1 < lines.length && lines[i + 1]!.startsWith("|")) rows.push(tableCells(lines[++i]!));
      const id = `t${++tableNo}`;
      const cls = (k: number) => (align[k] ? ` class="${align[k]}"` : "");
      const filter = rows.length > FILTER_MIN_ROWS
        ? `<input type="search" class="filter" data-table="${id}" placeholder="Filter ${rows.length} rows" ` +
          `aria-label="Filter the rows of the table below">`
        : "";
      out.push(
        `${filter}<div class="table-wrap"><table class="data" id="${id}"><thead><tr>${
          head.map((c, k) => `<th scope="col"${cls(k)}>${inline(c).html}</th>`).join("")
        }</tr></thead><tbody>${
          rows.map((r) =>
            `<tr>${head.map((_, k) => `<td${cls(k)}>${inline(r[k] ?? "").html}</td>`).join("")}</tr>`
          )
            .join("")
        }</tbody></table></div>`,
      );
    } else if (line.startsWith(">")) {
      flush();
      const body: string[] = [];
      i--;
      while (i + 1 < lines.length && lines[i + 1]!.startsWith(">")) {
        body.push(lines[++i]!.replace(/^> ?/, ""));
      }
      const alert = /^\[!(\w+)\]\s*$/.exec(body[0] ?? "");
      const kind = alert ? ALERT[alert[1]!.toUpperCase()] ?? "note" : "quote";
      out.push(
        `<div class="callout ${kind}" role="note">${
          alert ? `<p class="callout-title">${escapeHtml(alert[1]!.toLowerCase())}</p>` : ""
        }${markdownToHtml((alert ? body.slice(1) : body).join("\n"), ids)}</div>`,
      );
    } else if (/^\s*(?:[-*]|\d+\.)\s+/.test(line)) {
      flush();
      const ordered = /^\s*\d+\./.test(line);
      const items: string[] = [];
      i--;
      while (i + 1 < lines.length && /^\s*(?:[-*]|\d+\.)\s+/.test(lines[i + 1]!)) {
        items.push(`<li>${inline(lines[++i]!.replace(/^\s*(?:[-*]|\d+\.)\s+/, "")).html}</li>`);
      }
      const tag = ordered ? "ol" : "ul";
      out.push(`<${tag}>${items.join("")}</${tag}>`);
    } else if (/^\s*$/.test(line)) {
      flush();
    } else if (/^\s*(?:-{3,}|\*{3,})\s*$/.test(line)) {
      flush();
      out.push("<hr>");
    } else para.push(line.trim());
  }
  flush();
  return out.join("\n");
}

function summaryLineHtml(line: SummaryLine): string {
  const parts = line.parts.map((p) =>
    typeof p === "string"
      ? escapeHtml(p)
      : `<strong class="num" data-metric="${escapeHtml(p.metric)}" data-value="${p.value}">${
        formatNumber(p.value)
      }</strong>`
  );
  return `<li><a href="#${escapeHtml(line.anchor)}">${escapeHtml(line.label)}</a>: ${parts.join("")}</li>`;
}

/**
 * The answers-first block as HTML. Every figure is a `strong.num` with `data-metric` (its id)
 * and `data-value` (the number), so tests can read the page back.
 */
export function summaryHtml(s: ReportSummary, ids: HeadingIds): string {
  const id = ids.next(SUMMARY_HEADING);
  return `<section class="summary" aria-labelledby="${id}"><h2 id="${id}">${
    escapeHtml(SUMMARY_HEADING)
  }</h2>${
    s.caveats.length > 0
      ? `<div class="callout warning" role="alert">${
        s.caveats.map((c) => `<p>${escapeHtml(c)}</p>`).join("")
      }</div>`
      : ""
  }${s.answers.length > 0 ? `<ul class="answers">${s.answers.map(summaryLineHtml).join("")}</ul>` : ""}` +
    `<h3 class="risks-title">Biggest risks found</h3>${
      s.risks.length > 0
        ? `<ul class="risks">${s.risks.map(summaryLineHtml).join("")}</ul>`
        : `<p class="no-risks">${
          escapeHtml(s.noRisks ?? "None of the risks this report looks for was found.")
        }</p>`
    }</section>`;
}

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--accent:#0969da;
--note:#ddf4ff;--warn:#fff8c5;--caution:#ffebe9;--summary:#f6f8fa;
--c0:#0969da;--c1:#bf3989;--c2:#1a7f37;--c3:#bc4c00;--c4:#8250df;--c5:#0a7d8a;--c6:#cf222e;--c7:#6e7781;--c8:#9a6700}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--head:#151b23;
--accent:#4493f8;--note:#0c2d4a;--warn:#3b2e05;--caution:#4a1518;--summary:#151b23;
--c0:#4493f8;--c1:#f778ba;--c2:#3fb950;--c3:#f0883e;--c4:#a371f7;--c5:#39c5cf;--c6:#ff7b72;--c7:#9198a1;--c8:#d29922}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1200px;padding:16px 24px 48px;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;overflow-wrap:break-word}
h1{font-size:1.8em;margin:.4em 0 .2em}h2{font-size:1.35em;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:1px solid var(--line)}
h3{font-size:1.1em;margin:1.3em 0 .4em}h4{font-size:1em}
a{color:var(--accent)}code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--head);padding:0 .25em;border-radius:4px}
.summary{background:var(--summary);border:1px solid var(--line);border-radius:8px;padding:4px 18px 10px;margin:14px 0 20px}
.summary h2{border:0;margin-top:.6em}.summary li{margin:.3em 0}.summary ul.answers{list-style:none;padding-left:0}.summary .num{font-variant-numeric:tabular-nums}
.summary .risks-title{margin-top:.8em}
.table-wrap{overflow-x:auto;margin:8px 0 16px;border:1px solid var(--line);border-radius:6px;width:fit-content;max-width:100%}
table{border-collapse:collapse;font-size:.92em}
th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;max-width:42em}
td.r{white-space:nowrap}
th{background:var(--head);position:sticky;top:0}td.r,th.r{text-align:right;font-variant-numeric:tabular-nums}td.c,th.c{text-align:center}
tbody tr:last-child td{border-bottom:0}
th button{all:unset;cursor:pointer;font-weight:600}th button::after{content:"\\00a0\\2195";color:var(--muted);font-weight:400}
th[aria-sort=ascending] button::after{content:"\\00a0\\2191"}th[aria-sort=descending] button::after{content:"\\00a0\\2193"}
th button:focus-visible{outline:2px solid var(--accent)}
input.filter{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:4px 8px;margin:4px 0 0;width:min(100%,320px)}
.callout{border-left:4px solid var(--accent);background:var(--note);padding:6px 14px;margin:12px 0;border-radius:0 6px 6px 0}
.callout.warning{border-color:#d4a72c;background:var(--warn)}.callout.caution{border-color:#cf222e;background:var(--caution)}
.callout.quote{background:transparent;border-color:var(--line);color:var(--muted)}
.callout p{margin:.4em 0}.callout-title{font-weight:600;text-transform:capitalize}
figure.chart{margin:10px 0 20px}figcaption{font-weight:600;margin-bottom:6px}
.pie-body{display:flex;flex-wrap:wrap;gap:12px 28px;align-items:center}
.legend{list-style:none;margin:0;padding:0;min-width:220px;max-width:460px;flex:1}.legend li{margin:3px 0;display:flex;gap:8px;align-items:baseline}
.legend .v{color:var(--muted);margin-left:auto;font-variant-numeric:tabular-nums;white-space:nowrap}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;flex:none}
.chart svg{max-width:100%;height:auto}.bars text{font-size:12px;fill:var(--fg)}.bars .bv{fill:var(--muted)}
.s0{fill:var(--c0);stroke:var(--c0)}.s1{fill:var(--c1);stroke:var(--c1)}.s2{fill:var(--c2);stroke:var(--c2)}
.s3{fill:var(--c3);stroke:var(--c3)}.s4{fill:var(--c4);stroke:var(--c4)}.s5{fill:var(--c5);stroke:var(--c5)}
.s6{fill:var(--c6);stroke:var(--c6)}.s7{fill:var(--c7);stroke:var(--c7)}.s8{fill:var(--c8);stroke:var(--c8)}
.donut path{stroke:var(--bg);stroke-width:1.5}.donut circle{fill:none}
.sw.s0{background:var(--c0)}.sw.s1{background:var(--c1)}.sw.s2{background:var(--c2)}.sw.s3{background:var(--c3)}
.sw.s4{background:var(--c4)}.sw.s5{background:var(--c5)}.sw.s6{background:var(--c6)}.sw.s7{background:var(--c7)}.sw.s8{background:var(--c8)}
footer{margin-top:32px;color:var(--muted);font-size:.85em}
@media (max-width:600px){body{padding:10px 12px 32px;font-size:14px}th,td{padding:4px 6px}h1{font-size:1.5em}}
@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--head:#eee;--note:#fff;--warn:#fff;--caution:#fff;--summary:#fff}
body{max-width:none;padding:0;font-size:10.5pt}input.filter{display:none}th button::after{content:""}
tr,figure,.callout,.summary{break-inside:avoid}h2,h3{break-after:avoid}.table-wrap{overflow:visible;border:0}
tr[hidden]{display:table-row}th{position:static}a{color:inherit;text-decoration:none}}
`.trim();

const SCRIPT = `
(() => {
  const num = (t) => { const s = t.replace(/[,%\\s\\u2014]/g, ""); return s !== "" && !Number.isNaN(Number(s)) ? Number(s) : null; };
  for (const table of document.querySelectorAll("table.data")) {
    const heads = Array.from(table.tHead.rows[0].cells);
    heads.forEach((th, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = th.textContent;
      b.title = "Sort by this column";
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", () => {
        const dir = th.getAttribute("aria-sort") === "descending" ? "ascending" : "descending";
        for (const h of heads) h.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", dir);
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort((a, c) => {
          const x = a.cells[i] ? a.cells[i].textContent : "", y = c.cells[i] ? c.cells[i].textContent : "";
          const nx = num(x), ny = num(y);
          const d = nx !== null && ny !== null ? nx - ny : nx !== null ? -1 : ny !== null ? 1 : x.localeCompare(y);
          return dir === "ascending" ? d : -d;
        });
        for (const r of rows) body.appendChild(r);
      });
    });
  }
  for (const input of document.querySelectorAll("input.filter")) {
    const table = document.getElementById(input.dataset.table);
    if (!table) continue;
    input.addEventListener("input", () => {
      const q = input.value.trim().toLowerCase();
      for (const r of table.tBodies[0].rows) r.hidden = q !== "" && !r.textContent.toLowerCase().includes(q);
    });
  }
})();
`.trim();

const sha256 = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;

/**
 * The Content-Security-Policy of every HTML report: nothing may be loaded (no network
 * request, no frame, no form target); only the page's own style and script run, by hash.
 */
export const HTML_CSP = `default-src 'none'; style-src ${sha256(CSS)}; script-src ${
  sha256(SCRIPT)
}; img-src data:; base-uri 'none'; form-action 'none'`;

/** Options of {@linkcode htmlDocument}. */
export interface HtmlDocumentOptions {
  /** The page title (`<title>`). */
  title: string;
  /** Body parts, already HTML (from {@linkcode markdownToHtml}, {@linkcode summaryHtml}). */
  body: readonly string[];
  /** Footer line. @default "Written by entra-mfa-toolkit." */
  footer?: string;
}

/**
 * One self-contained HTML page: CSP meta tag first, inline CSS and script, no external
 * resource.
 *
 * @example
 * ```ts
 * import { htmlDocument } from "./html.ts";
 * import assert from "node:assert/strict";
 * const page = htmlDocument({ title: "R <1>", body: ["<p>x</p>"] });
 * assert.match(page, /^<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
 * assert.match(page, /<title>R &lt;1&gt;<\/title>/);
 * assert.doesNotMatch(page, /\b(?:src|href)="(?:https?:)?\/\//);
 * ```
 */
export function htmlDocument(o: HtmlDocumentOptions): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(o.title)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body>",
    "<main>",
    ...o.body,
    "</main>",
    `<footer>${escapeHtml(o.footer ?? "Written by entra-mfa-toolkit.")}</footer>`,
    `<script>${SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/**
 * A whole report page from Markdown parts and an optional answers-first block (placed between
 * `head` and `body`).
 */
export function htmlReport(o: {
  title: string;
  head: readonly string[];
  summary?: ReportSummary;
  body: readonly string[];
}): string {
  const ids = new HeadingIds();
  const md = (blocks: readonly string[]) => markdownToHtml(blocks.join("\n\n"), ids);
  return htmlDocument({
    title: o.title,
    body: [md(o.head), ...(o.summary === undefined ? [] : [summaryHtml(o.summary, ids)]), md(o.body)],
  });
}
