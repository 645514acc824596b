import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { escapeHtml } from "../core/escape.js";
import { writingOf } from "../core/language.js";
import { readRegularFile } from "../core/read.js";
import { measured } from "../core/trace.js";
import type { ChartSpec } from "../model/charts.js";
import { digestedKind, keepPayload, readPayload } from "../services/kept-files.js";
import type { ChartStyle } from "./render.js";

/**
 * The theme's look for charts: the report's sans face and its colours. The narrow drawing is for
 * phones: shown at its own width, its smallest text stays at 11 CSS pixels.
 */
export function chartStyle(language: string, layout: ChartStyle["layout"] = "wide"): ChartStyle {
  const sans = {
    "zh-Hans": "'Noto Sans SC'",
    "zh-Hant": "'Noto Sans TC'",
    other: "'Noto Sans', 'Noto Sans TC'",
  }[writingOf(language)];
  return {
    // Single quotes: ECharts writes the family into a style attribute as it is.
    fontFamily: `${sans}, sans-serif`,
    colors: ["#a4161a", "#5c6f82"],
    text: "#1b1b1b",
    muted: "#5c5c5c",
    rule: "#d9d4cc",
    ...(layout === "wide"
      ? { width: 640, rowHeight: 32, labelWidth: 150, sideWidth: 140, headroom: 1.3 }
      : { width: narrowChartWidth, rowHeight: 46, labelWidth: 84, sideWidth: 72, headroom: 2 }),
    layout,
  };
}

/** The narrow drawing's width: a phone's 320 to 375 CSS pixels, less the page's margins. */
const narrowChartWidth = 300;

let echartsVersion: string | undefined;

/** What a drawn chart depends on: its data, its look and the ECharts release that drew it. */
function chartKey(spec: ChartSpec, style: ChartStyle): string {
  echartsVersion ??= (createRequire(import.meta.url)("echarts/package.json") as { version: string })
    .version;
  return createHash("sha256")
    .update(JSON.stringify({ spec, style, echarts: echartsVersion }))
    .digest("hex")
    .slice(0, 32);
}

/**
 * Charts drawn in this process, by key, the most recently used last: a preview that runs for a
 * day redraws as figures change, so only the last few dozen are kept.
 */
const drawnInProcess = new Map<string, string>();
const keptInProcess = 48;

/** A chart is tens of kilobytes; an earlier one far larger is not ours. */
const maxSvgBytes = 4 * 1024 * 1024;

/** Charts drawn by earlier runs, in the user's cache folder: a few reports' worth. */
const keptCharts = digestedKind("drawn-charts", "svg", 48);

/**
 * The SVG of each chart. A chart already drawn from the same data (in this process, by an
 * earlier run in the user's cache folder, or in the report's charts/ folder by an earlier
 * build) is reused, so that ECharts is loaded only when a chart's figures have changed. The
 * user's cache is the tool's own, as its code caches are, and what it keeps is checked whole
 * against its digest. An output is never trusted as an input: an earlier file in charts/ is
 * reused only when its mark names the same data and a hash of its own content, and it holds
 * nothing but drawing; anything else is drawn again.
 */
export async function drawCharts(
  specs: ChartSpec[],
  style: ChartStyle,
  folder?: string,
): Promise<Map<string, string>> {
  const drawn = new Map<string, string>();
  for (const spec of specs) {
    const key = chartKey(spec, style);
    const file = chartFile(spec.name, style.layout);
    let svg = drawnInProcess.get(key) ?? readPayload(keptCharts, key)?.toString("utf8");
    const kept = svg !== undefined;
    if (!svg && folder) {
      const earlier = await readRegularFile(path.join(folder, "charts", `${file}.svg`), maxSvgBytes)
        .then((bytes) => bytes.toString("utf8"))
        .catch(() => undefined);
      if (earlier && isOwnChart(earlier, key)) svg = earlier;
    }
    if (!svg) {
      const start = performance.now();
      const { drawChart } = await import("./render.js");
      const body = drawChart(spec, style);
      const extra = notDrawing(body);
      if (extra) throw new Error(`chart ${spec.name} drew more than shapes and text: ${extra}`);
      svg = `${body}\n${markOf(key, body)}\n`;
      measured(`charts: ${file} drawn`, start);
    }
    if (!kept) keepPayload(keptCharts, key, Buffer.from(svg));
    drawnInProcess.delete(key);
    drawnInProcess.set(key, svg);
    for (const oldest of drawnInProcess.keys()) {
      if (drawnInProcess.size <= keptInProcess) break;
      drawnInProcess.delete(oldest);
    }
    drawn.set(file, svg);
  }
  return drawn;
}

/** A chart's file in charts/, without `.svg`: its name, and `-narrow` for the phone drawing. */
export function chartFile(name: string, layout: ChartStyle["layout"]): string {
  return layout === "wide" ? name : `${name}-narrow`;
}

/** The last line of a chart's file: the data it was drawn from and a hash of what it holds. */
function markOf(key: string, body: string): string {
  return `<!-- report chart ${key} ${createHash("sha256").update(body).digest("hex").slice(0, 32)} -->`;
}

/** Whether an earlier chart file is one this tool drew from the same data, unchanged since. */
function isOwnChart(file: string, key: string): boolean {
  const match = /\n(<!-- report chart [0-9a-f]+ [0-9a-f]+ -->)\n$/.exec(file);
  if (!match) return false;
  const body = file.slice(0, match.index);
  return match[1] === markOf(key, body) && onlyDrawing(body);
}

/** The elements a chart is drawn with; anything else (a script, a foreign object) is not ours. */
const drawingElements = new Set([
  "svg",
  "g",
  "path",
  "rect",
  "circle",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
  "title",
  "style",
  "defs",
  "clippath",
]);

/**
 * What an SVG holds besides drawing, if anything: an element other than the drawing ones, an
 * attribute that handles an event or links elsewhere, a style that loads something. Text
 * between the tags is text, whatever it says.
 */
function notDrawing(svg: string): string | undefined {
  for (const [, name = "", attributes = ""] of svg.matchAll(
    /<\/?([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g,
  )) {
    if (!drawingElements.has(name.toLowerCase())) return `the element ${name}`;
    for (const [, attribute = "", value = ""] of attributes.matchAll(
      /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/g,
    )) {
      const lower = attribute.toLowerCase();
      if (lower.startsWith("on") || /(^|:)(href|src)$/.test(lower)) {
        return `the attribute ${attribute}`;
      }
      if (lower === "style" && /url\s*\(|expression\s*\(/i.test(value)) return "a style that loads";
    }
  }
  if (/<!(?!\[CDATA\[)|<\?/.test(svg)) return "a markup declaration";
  for (const [, css = ""] of svg.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) {
    if (/url\s*\(|@import|expression\s*\(/i.test(css)) return "a style sheet that loads";
  }
  return undefined;
}

function onlyDrawing(svg: string): boolean {
  return notDrawing(svg) === undefined;
}

/** The chart names the Markdown links (`![…](charts/relief.svg)`), in order. */
export function linkedCharts(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(charts\/([a-z][a-z0-9_]*)\.svg\)/g)].map(
    (match) => match[1] ?? "",
  );
}

/**
 * The HTML with each linked chart in place of its image: the SVG itself (role img, a label with
 * every figure), a caption, and the figures as a table for screen readers.
 */
export function inlineCharts(html: string, specs: ChartSpec[], drawn: Map<string, string>): string {
  return html.replace(
    /<p><img src="charts\/([a-z][a-z0-9_]*)\.svg" alt="[^"]*"><\/p>/g,
    (image, name: string) => {
      const spec = specs.find((candidate) => candidate.name === name);
      const svg = drawn.get(name);
      if (!spec || !svg) return image;
      const narrow = drawn.get(chartFile(name, "narrow"));
      const head = spec.table.head
        .map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`)
        .join("");
      const rows = spec.table.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`)
        .join("");
      const drawing = (file: string) =>
        file.replace(/\n<!-- report chart [0-9a-f]+ [0-9a-f]+ -->\n$/, "");
      return (
        `<figure class="chart">${drawing(svg)}${narrow ? drawing(narrow) : ""}` +
        `<div class="chart-data"><table><caption>${escapeHtml(spec.title)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>` +
        `<figcaption>${escapeHtml(spec.title)}</figcaption></figure>`
      );
    },
  );
}
