#!/usr/bin/env node
// npm run bench: `report` timed as a user runs it, each figure beside what it is measured
// against in the same run (Node's start-up, Chromium printing the same HTML itself). Prints a
// table, writes bench/results.json, and exits 1 when a target is missed. BENCH_RUNS sets the
// number of runs behind each median (default 5; the long PDFs run fewer times).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateYear } from "./generate.js";

const root = fileURLToPath(new URL("..", import.meta.url));
/** Resolves the font packages as report does, from its own node_modules. */
const requireFromRoot = createRequire(path.join(root, "package.json"));
const bin = path.join(root, "bin/report.js");
const preload = path.join(root, "bench/peak-memory.js");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const fewer = Math.max(2, Math.ceil(runs / 2));
const work = mkdtempSync(path.join(tmpdir(), "report-bench-"));

/** One process, timed from spawn to exit, with its peak resident memory. */
function timed(command, args, env = {}) {
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
function report(...args) {
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
function printsOf(stdout) {
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
async function timedTree(command, args, env = {}) {
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
function treePss(root) {
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
async function reportTree(...args) {
  const result = await timedTree(process.execPath, [bin, ...args, "--json"]);
  return { ...result, ...printsOf(result.stdout) };
}

/**
 * Where the time of one more run of `report <args>` goes: its --trace, the longest steps
 * first (a stage such as "2022 print" holds the "print: …" steps inside it).
 */
function traceNote(...args) {
  const file = path.join(work, "trace.json");
  timed(process.execPath, [bin, ...args, "--trace", file]);
  const events = JSON.parse(readFileSync(file, "utf8")).traceEvents;
  return `trace: ${events
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 6)
    .map((event) => `${event.name} ${round(event.dur / 1e6, 2)} s`)
    .join("; ")}`;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = [];

/** One row of the table: a median of samples, with its target when it has one. */
function row(name, samples, { against, target, unit = "s", peak, note } = {}) {
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

function round(value, digits = 3) {
  return Number(value.toFixed(digits));
}

const peakOf = (samples) => Math.max(...samples.map((sample) => sample.bytes ?? 0));

function chromium() {
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
function chromiumPrint(htmlFile, expectedPages) {
  const result = timed(chromium(), chromiumArgs(htmlFile), { REPORT_BENCH_RSS_FILE: "" });
  checkPages(htmlFile, expectedPages);
  return result;
}

function chromiumArgs(htmlFile) {
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
function checkPages(htmlFile, expectedPages) {
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
async function yardstickHtml(outYear, name) {
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

function pages(pdf) {
  const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

/** A row that missed its target gets a trace of one more run in its note: where the time goes. */
function explainMiss(entry, ...args) {
  if (entry.met !== false) return;
  const trace = traceNote(...args);
  entry.note = entry.note ? `${entry.note}; ${trace}` : trace;
}

/** `chromiumPrint` with the peak memory of Chromium's processes. */
async function chromiumPrintTree(htmlFile, expectedPages) {
  const result = await timedTree(chromium(), chromiumArgs(htmlFile));
  checkPages(htmlFile, expectedPages);
  return result;
}

try {
  const data = path.join(work, "data");
  generateYear(data);
  const out = path.join(work, "out");

  // Start-up, and the Markdown and HTML of the 2022 records.
  timed(process.execPath, ["-e", "0"]);
  const node = row(
    "node -e 0 (start-up)",
    Array.from({ length: runs }, () => timed(process.execPath, ["-e", "0"])),
  );
  const quick = ["build", "2022", "--format", "md,html", "--data", data, "--out", out];
  report(...quick);
  const mdHtml = Array.from({ length: runs }, () => report(...quick));
  row("2022 md + html", mdHtml, {
    against: { name: node.name, value: node.median },
    target: 2,
    peak: peakOf(mdHtml),
  });

  // What report.docx adds to the same build: md + html with and without it, in turns.
  const withDocx = ["build", "2022", "--format", "md,html,docx", "--data", data, "--out", out];
  report(...withDocx);
  const docxAdded = Array.from({ length: runs }, () => {
    const without = report(...quick).seconds;
    return report(...withDocx).seconds - without;
  });
  row("2022 docx, added to md + html", docxAdded, { target: 0.3 });

  // A draft of the 2022 size (the seed text) checked against the records, after start-up:
  // report check less report --version, in turns.
  const seed = path.resolve("test/fixtures/seed-2022.txt");
  const checkDraft = ["check", seed, "--year", "2022", "--data", path.resolve("data"), "--no-html"];
  report(...checkDraft);
  const checked = Array.from({ length: runs }, () => {
    const started = report("--version").seconds;
    return report(...checkDraft).seconds - started;
  });
  row("report check: a 2022-size draft, after start-up", checked, { target: 1 });

  // Every format, against Chromium printing the same HTML with the same fonts; run in turns,
  // so both see the machine in the same state.
  const all = ["build", "2022", "--data", data, "--out", out];
  report(...all);
  const asPrinted = await yardstickHtml(path.join(out, "2022"), "2022");
  const pages2022 = pages(path.join(out, "2022/report.pdf"));
  chromiumPrint(asPrinted, pages2022);
  const cold = [];
  const rebuilds = [];
  const baseline = [];
  const fresh = path.join(work, "fresh");
  for (let run = 0; run < runs; run++) {
    rmSync(fresh, { recursive: true, force: true });
    cold.push(report("build", "2022", "--data", data, "--out", fresh));
    rebuilds.push(report(...all));
    baseline.push(chromiumPrint(asPrinted, pages2022));
  }
  const chrome = row(`yardstick: chromium --print-to-pdf, 2022 (${pages2022} pages)`, baseline);
  const chromeRef = { name: chrome.name, value: chrome.median };
  explainMiss(
    row("2022 all formats, cold (no earlier output)", cold, {
      against: chromeRef,
      target: 1.15,
      peak: peakOf(cold),
    }),
    "build",
    "2022",
    "--data",
    data,
    "--out",
    fresh,
  );
  explainMiss(
    row("2022 all formats, rebuild", rebuilds, {
      against: chromeRef,
      target: 1.15,
      peak: peakOf(rebuilds),
    }),
    ...all,
  );

  // The preview server: an edit until the page, and until the PDF, is served again.
  const serve = spawnSync(process.execPath, [path.join(root, "bench/serve.js"), String(runs)], {
    encoding: "utf8",
  });
  if (serve.status !== 0) throw new Error(`serve benchmark failed:\n${serve.stderr}`);
  const preview = JSON.parse(serve.stdout);
  row("serve: edit → page served", preview.ready, { target: 0.2 });
  row("serve: edit → report.pdf served (warm)", preview.pdf, {
    target: 0.3,
    note: `of which the rebuild ${round(median(preview.rebuild))} s; the PDF is printed as soon as the records change`,
  });

  // A year 100 times the size of 2022: the Markdown and HTML, and how report.md grows.
  const size1 = readFileSync(path.join(out, "2022/report.md")).length;
  const bigData = path.join(work, "data-100");
  const bigOut = path.join(work, "out-100");
  generateYear(bigData, { times: 100 });
  const bigArgs = ["build", "2022", "--data", bigData, "--out", bigOut, "--format", "md,html"];
  report(...bigArgs);
  // Each run also writes its --trace, from which the figure model's cost is read below.
  const traceFile = path.join(work, "trace-100.json");
  const traces = [];
  const md = Array.from({ length: runs }, () => {
    const result = report(...bigArgs, "--trace", traceFile);
    traces.push(JSON.parse(readFileSync(traceFile, "utf8")).traceEvents);
    return result;
  });
  const size100 = readFileSync(path.join(bigOut, "2022/report.md")).length;
  explainMiss(
    row("2022 × 100 records, md + html", md, {
      target: 1,
      peak: peakOf(md),
      note: `report.md ${Math.round(size100 / 1024)} kB, ${round(size100 / size1, 1)}× the 2022 one's`,
    }),
    ...bigArgs,
  );

  // What the figure model costs: the view (every sum, share, change and table worked out
  // exactly) as a part of the render stage, read from the traces of those same runs.
  const stepSeconds = (events, name) => {
    const event = events.find((entry) => entry.name === name);
    if (!event) throw new Error(`the trace has no step "${name}"`);
    return event.dur / 1e6;
  };
  const render100 = row(
    "2022 × 100 records, md + html: the render stage",
    traces.map((events) => stepSeconds(events, "2022 render")),
  );
  row(
    "2022 × 100 records: the figure model (the view) within it",
    traces.map((events) => stepSeconds(events, "2022 render: the view, every figure worked out")),
    { against: { name: render100.name, value: render100.median }, target: 0.15 },
  );

  // Long reports, built cold, each beside Chromium printing it, in turns.
  for (const { times, target, label, tree } of [
    { times: 40, target: 1.3, label: "about 200 pages", tree: false },
    { times: 195, target: 1.5, label: "about 1,000 pages", tree: true },
  ]) {
    const longData = path.join(work, `data-${times}`);
    generateYear(longData, { times });
    const longOut = path.join(work, `out-${times}`);
    const longArgs = ["build", "2022", "--data", longData, "--out", longOut, "--timeout", "1800"];
    report(...longArgs);
    const longPages = pages(path.join(longOut, "2022/report.pdf"));
    const longHtml = await yardstickHtml(path.join(longOut, "2022"), `long-${times}`);
    const longCold = [];
    const longChrome = [];
    for (let run = 0; run < (tree ? 1 : fewer); run++) {
      rmSync(longOut, { recursive: true, force: true });
      longCold.push(tree ? await reportTree(...longArgs) : report(...longArgs));
      longChrome.push(
        tree ? await chromiumPrintTree(longHtml, longPages) : chromiumPrint(longHtml, longPages),
      );
    }
    const longBaseline = row(
      `yardstick: chromium --print-to-pdf, ${longPages} pages (${label})`,
      longChrome,
    );
    explainMiss(
      row(`${longPages}-page report (2022 × ${times}), all formats, cold`, longCold, {
        against: { name: longBaseline.name, value: longBaseline.median },
        target,
        ...(tree ? {} : { peak: peakOf(longCold) }),
        ...(tree ? { note: "peak: report, Chromium and all their processes (PSS)" } : {}),
      }),
      ...longArgs,
    );
  }

  // Ten years in one run, one browser: the time per year.
  const years = Array.from({ length: 10 }, (_, index) => 2013 + index);
  const decade = path.join(work, "data-decade");
  for (const year of years) generateYear(decade, { year });
  const decadeArgs = [
    "build",
    ...years.map(String),
    "--data",
    decade,
    "--out",
    path.join(work, "out-decade"),
  ];
  report(...decadeArgs);
  const tenYears = Array.from({ length: fewer }, () => {
    const sample = report(...decadeArgs);
    return { ...sample, seconds: sample.seconds / years.length };
  });
  explainMiss(
    row("10 years (2013–2022), all formats, one run: a year", tenYears, {
      target: 0.6,
      peak: peakOf(tenYears),
    }),
    ...decadeArgs,
  );

  // The table, and the results for the record.
  const width = Math.max(...results.map((entry) => entry.name.length));
  console.log(
    `${"".padEnd(width)}  median      min      max  runs  peak MB   prints  ratio        target`,
  );
  for (const entry of results) {
    console.log(
      [
        entry.name.padEnd(width),
        `${entry.median.toFixed(3).padStart(7)} s`,
        entry.min.toFixed(3).padStart(8),
        entry.max.toFixed(3).padStart(8),
        String(entry.runs).padStart(5),
        (entry.peak_mb ?? entry.tree_peak_mb)?.toFixed(1).padStart(8) ?? "".padStart(8),
        (entry.prints === undefined
          ? ""
          : `${entry.prints}${entry.front_printed ? "+front" : ""}`
        ).padStart(8),
        (entry.ratio !== undefined ? `${entry.ratio.toFixed(2)}×` : "").padStart(6),
        entry.target ? `  ${entry.target}: ${entry.met ? "met" : "MISSED"}` : "",
        entry.note ? `  (${entry.note})` : "",
      ].join(" "),
    );
  }
  const chromiumVersion = spawnSync(chromium(), ["--version"], { encoding: "utf8" }).stdout.trim();
  writeFileSync(
    path.join(root, "bench/results.json"),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: {
          cpus: cpus().length,
          cpu: cpus()[0]?.model,
          node: process.version,
          chromium: chromiumVersion,
        },
        runs,
        results,
      },
      null,
      2,
    )}\n`,
  );
  console.log("written: bench/results.json");
  process.exitCode = results.every((entry) => entry.met !== false) ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
