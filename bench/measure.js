// What npm run bench measures with: running `report` and Chromium timed (with their process
// trees' memory), the rows of the table, and the yardsticks' pages. bench/index.js runs the rows.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));
/** Resolves the font packages as report does, from its own node_modules. */
export const requireFromRoot = createRequire(path.join(root, "package.json"));
export const bin = path.join(root, "bin/report.js");
export const preload = path.join(root, "bench/peak-memory.js");
export const runs = Number(process.env.BENCH_RUNS ?? 5);
export const fewer = Math.max(2, Math.ceil(runs / 2));
export const work = mkdtempSync(path.join(tmpdir(), "report-bench-"));

/** One process, timed from spawn to exit, with its peak resident memory. */
export function timed(command, args, env = {}) {
  const rssFile = path.join(work, "rss");
  rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: work,
    env: { ...process.env, REPORT_BENCH_RSS_FILE: rssFile, FORCE_COLOR: "0", ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  }
  let bytes;
  try {
    bytes = Number(readFileSync(rssFile, "utf8"));
  } catch {
    bytes = undefined;
  }
  return { seconds, bytes, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `report <args>` timed; a build also says, with --json, how many times each year's PDF was
 * printed (`prints`: 1 when the contents' page numbers were right on the first print).
 */
export function report(...args) {
  const build = args[0] === "build";
  const result = timed(process.execPath, [
    "--import",
    preload,
    bin,
    ...args,
    ...(build ? ["--json"] : []),
  ]);
  if (!build) return result;
  return { ...result, ...printsOf(result.stdout) };
}

/** From a build's --json: the most times any year's whole report was printed, and whether its front matter was printed again alone. */
export function printsOf(stdout) {
  const years = JSON.parse(stdout).years.filter((year) => year.pdf);
  if (years.length === 0) return {};
  return {
    prints: Math.max(...years.map((year) => year.pdf.prints)),
    front: years.some((year) => year.pdf.front_printed),
  };
}

/**
 * One process timed as `timed` does, with the peak memory of it and every process it starts
 * (Chromium's browser, renderer and GPU processes): the sum of their proportional set sizes
 * (PSS, which shares each shared page among its users), sampled every 200 ms from /proc.
 */
export async function timedTree(command, args, env = {}) {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, {
    cwd: work,
    env: { ...process.env, FORCE_COLOR: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  let treeBytes = 0;
  const timer = setInterval(() => {
    treeBytes = Math.max(treeBytes, treePss(child.pid));
  }, 200);
  const status = await new Promise((resolve) => child.on("close", resolve));
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${status}:\n${stderr}`);
  return { seconds, treeBytes, stdout, stderr };
}

/** The summed PSS in bytes of a process and all its descendants, as /proc shows them now. */
export function treePss(root) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The parent is the second field after the command's closing parenthesis.
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // A process that ended while being read.
    }
  }
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop();
    pending.push(...(children.get(pid) ?? []));
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      total += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
    } catch {
      // Gone already.
    }
  }
  return total;
}

/** `report <args>` (a build) timed with its process tree's peak memory. */
export async function reportTree(...args) {
  const result = await timedTree(process.execPath, [bin, ...args, "--json"]);
  return { ...result, ...printsOf(result.stdout) };
}

/**
 * Where the time of one more run of `report <args>` goes: its --trace, the longest steps
 * first (a stage such as "2022 print" holds the "print: …" steps inside it).
 */
export function traceNote(...args) {
  const file = path.join(work, "trace.json");
  timed(process.execPath, [bin, ...args, "--trace", file]);
  const events = JSON.parse(readFileSync(file, "utf8")).traceEvents;
  return `trace: ${events
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 6)
    .map((event) => `${event.name} ${round(event.dur / 1e6, 2)} s`)
    .join("; ")}`;
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export const results = [];

/** One row of the table: a median of samples, with its target when it has one. */
export function row(name, samples, { against, target, unit = "s", peak, note } = {}) {
  const seconds = samples.map((sample) => sample.seconds ?? sample);
  const value = median(seconds);
  const ratio = against ? value / against.value : undefined;
  const measured = ratio ?? value;
  const entry = {
    name,
    median: round(value),
    min: round(Math.min(...seconds)),
    max: round(Math.max(...seconds)),
    runs: seconds.length,
    unit,
    ...(peak !== undefined ? { peak_mb: round(peak / 1024 / 1024, 1) } : {}),
    // The most prints any run of a PDF row needed.
    ...(samples.some((sample) => sample.prints !== undefined)
      ? {
          prints: Math.max(...samples.map((sample) => sample.prints ?? 0)),
          front_printed: samples.some((sample) => sample.front),
        }
      : {}),
    ...(samples.some((sample) => sample.treeBytes !== undefined)
      ? { tree_peak_mb: round(Math.max(...samples.map((s) => s.treeBytes ?? 0)) / 1024 / 1024, 1) }
      : {}),
    ...(against ? { against: against.name, ratio: round(ratio, 2) } : {}),
    ...(target !== undefined
      ? { target: `${ratio !== undefined ? "ratio" : unit} ≤ ${target}`, met: measured <= target }
      : {}),
    ...(note ? { note } : {}),
  };
  results.push(entry);
  return entry;
}

export function round(value, digits = 3) {
  return Number(value.toFixed(digits));
}

export const peakOf = (samples) => Math.max(...samples.map((sample) => sample.bytes ?? 0));

export function chromium() {
  for (const name of ["chromium", "google-chrome", "chromium-browser"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
    if (found) return found;
  }
  throw new Error("no chromium on PATH to compare with");
}

/**
 * Chromium printing an HTML file itself: the yardstick for a PDF build (see bench/README.md for
 * how the file is made).
 */
export function chromiumPrint(htmlFile, expectedPages) {
  const result = timed(chromium(), chromiumArgs(htmlFile), { REPORT_BENCH_RSS_FILE: "" });
  checkPages(htmlFile, expectedPages);
  return result;
}

export function chromiumArgs(htmlFile) {
  const args = [
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--no-pdf-header-footer",
    `--print-to-pdf=${path.join(work, "chromium.pdf")}`,
    `file://${htmlFile}`,
  ];
  if (process.getuid?.() === 0) args.unshift("--no-sandbox");
  return args;
}

/** A file Chromium could not open prints as one page in no time: not a yardstick. */
export function checkPages(htmlFile, expectedPages) {
  const printed = pages(path.join(work, "chromium.pdf"));
  if (expectedPages !== undefined && printed !== expectedPages) {
    throw new Error(`chromium printed ${printed} pages of ${htmlFile}, expected ${expectedPages}`);
  }
}

/**
 * The yardstick's HTML: report.html as the build wrote it, with a `<link rel="stylesheet">` to
 * the fontsource CSS file of each family and weight the PDF uses, what a person would hand
 * Chromium to print the report with the same fonts. Kept apart from the outputs, which the cold
 * builds remove.
 */
export async function yardstickHtml(outYear, name) {
  const { fontsFor, pageLanguage } = await import("../dist/fonts/faces.js");
  const html = readFileSync(path.join(outYear, "report.html"), "utf8");
  const links = fontsFor(pageLanguage(html))
    .flatMap((entry) =>
      entry.weights.map((weight) => {
        const css = requireFromRoot.resolve(`${entry.name}/${weight}.css`);
        return `<link rel="stylesheet" href="${pathToFileURL(css).href}">`;
      }),
    )
    .join("\n");
  // A copy of the year's folder, so that what the page links to beside it is there too.
  const folder = path.join(work, `${name}-yardstick`);
  rmSync(folder, { recursive: true, force: true });
  cpSync(outYear, folder, { recursive: true });
  const file = path.join(folder, "report.html");
  writeFileSync(file, html.replace("</head>", `${links}\n</head>`));
  return file;
}

export function pages(pdf) {
  const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

/** A row that missed its target gets a trace of one more run in its note: where the time goes. */
export function explainMiss(entry, ...args) {
  if (entry.met !== false) return;
  const trace = traceNote(...args);
  entry.note = entry.note ? `${entry.note}; ${trace}` : trace;
}

/** `chromiumPrint` with the peak memory of Chromium's processes. */
export async function chromiumPrintTree(htmlFile, expectedPages) {
  const result = await timedTree(chromium(), chromiumArgs(htmlFile));
  checkPages(htmlFile, expectedPages);
  return result;
}
