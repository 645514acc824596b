#!/usr/bin/env node
// npm run bench: `report` timed as a user runs it, each figure beside what it is measured
// against in the same run (Node's start-up, Chromium printing the same HTML itself). Prints a
// table, writes bench/results.json, and exits 1 when a target is missed. BENCH_RUNS sets the
// number of runs behind each median (default 5; the long PDFs run fewer times).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  const summary = JSON.parse(result.stdout);
  const prints = summary.years.flatMap((year) => (year.pdf ? [year.pdf.prints] : []));
  return { ...result, ...(prints.length ? { prints: Math.max(...prints) } : {}) };
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
      ? { prints: Math.max(...samples.map((sample) => sample.prints ?? 0)) }
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
  const result = timed(chromium(), args, { REPORT_BENCH_RSS_FILE: "" });
  // A file it could not open prints as one page in no time: not a yardstick.
  const printed = pages(path.join(work, "chromium.pdf"));
  if (expectedPages !== undefined && printed !== expectedPages) {
    throw new Error(`chromium printed ${printed} pages of ${htmlFile}, expected ${expectedPages}`);
  }
  return result;
}

/**
 * The yardstick's HTML: report.html as the build wrote it, with a `<link rel="stylesheet">` to
 * the fontsource CSS file of each family and weight the PDF uses, what a person would hand
 * Chromium to print the report with the same fonts. Kept apart from the outputs, which the cold
 * builds remove.
 */
async function yardstickHtml(outYear, name) {
  const { fontsFor, pageLanguage } = await import("../dist/pdf/faces.js");
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
  for (let run = 0; run < runs; run++) {
    const fresh = path.join(work, "fresh");
    rmSync(fresh, { recursive: true, force: true });
    cold.push(report("build", "2022", "--data", data, "--out", fresh));
    rebuilds.push(report(...all));
    baseline.push(chromiumPrint(asPrinted, pages2022));
  }
  const chrome = row(
    "yardstick: chromium --print-to-pdf of report.html + fontsource CSS",
    baseline,
  );
  const chromeRef = { name: chrome.name, value: chrome.median };
  row("2022 all formats, cold (no earlier output)", cold, {
    against: chromeRef,
    target: 1.0,
    peak: peakOf(cold),
  });
  row("2022 all formats, rebuild", rebuilds, { against: chromeRef, peak: peakOf(rebuilds) });

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

  // Years 10 and 100 times the size of 2022.
  for (const times of [10, 100]) {
    const bigData = path.join(work, `data-${times}`);
    const bigOut = path.join(work, `out-${times}`);
    generateYear(bigData, { times });
    const args = ["build", "2022", "--data", bigData, "--out", bigOut];
    report(...args, "--format", "md,html");
    const md = Array.from({ length: runs }, () => report(...args, "--format", "md,html"));
    const size = readFileSync(path.join(bigOut, "2022/report.md")).length;
    row(`2022 × ${times} records, md + html`, md, {
      ...(times === 100 ? { target: 1 } : {}),
      peak: peakOf(md),
      note: `report.md ${Math.round(size / 1024)} kB`,
    });
    const pdfRuns = times === 100 ? 1 : fewer;
    const pdf = Array.from({ length: pdfRuns }, () =>
      report(...args, "--format", "pdf", "--timeout", "1800"),
    );
    // One run of the 100× year is its first PDF (no earlier one to number the contents from).
    row(`2022 × ${times} records, pdf (${pdfRuns === 1 ? "first build" : "rebuild"})`, pdf, {
      peak: peakOf(pdf),
      note: `${pages(path.join(bigOut, "2022/report.pdf"))} pages; peak is report's own process, not Chromium's`,
    });
  }

  // A report of about 200 pages, built cold, beside Chromium printing it.
  const longData = path.join(work, "data-long");
  generateYear(longData, { times: 26 });
  const longOut = path.join(work, "out-long");
  const longArgs = ["build", "2022", "--data", longData, "--out", longOut, "--timeout", "600"];
  report(...longArgs);
  const longPages = pages(path.join(longOut, "2022/report.pdf"));
  const longHtml = await yardstickHtml(path.join(longOut, "2022"), "long");
  const longCold = [];
  const longChrome = [];
  for (let run = 0; run < fewer; run++) {
    rmSync(longOut, { recursive: true, force: true });
    longCold.push(report(...longArgs));
    longChrome.push(chromiumPrint(longHtml, longPages));
  }
  const longBaseline = row(
    `yardstick: chromium --print-to-pdf of report.html + fontsource CSS, ${longPages} pages`,
    longChrome,
  );
  row(`${longPages}-page report, all formats, cold`, longCold, {
    target: 5,
    peak: peakOf(longCold),
    note: `${round(median(longCold.map((s) => s.seconds)) / longBaseline.median, 2)}× Chromium's own print`,
  });

  // Ten years in one run, one browser.
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
  const tenYears = Array.from({ length: fewer }, () => report(...decadeArgs));
  row("10 years (2013–2022), all formats, one run", tenYears, {
    peak: peakOf(tenYears),
    note: `${round(median(tenYears.map((s) => s.seconds)) / 10)} s a year`,
  });

  // The table, and the results for the record.
  const width = Math.max(...results.map((entry) => entry.name.length));
  console.log(
    `${"".padEnd(width)}  median      min      max  runs  peak MB  prints  ratio        target`,
  );
  for (const entry of results) {
    console.log(
      [
        entry.name.padEnd(width),
        `${entry.median.toFixed(3).padStart(7)} s`,
        entry.min.toFixed(3).padStart(8),
        entry.max.toFixed(3).padStart(8),
        String(entry.runs).padStart(5),
        (entry.peak_mb?.toFixed(1) ?? "").padStart(8),
        String(entry.prints ?? "").padStart(7),
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
