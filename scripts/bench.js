#!/usr/bin/env node
// npm run bench: wall time and peak memory of `report build` as a user runs it, for the 2022
// records and for a year generated here with 100 times as many records. Exits 1 when a target
// is missed.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument, stringify } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = path.join(root, "bin/report.js");
const preload = path.join(root, "scripts/bench-peak-memory.js");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(path.join(tmpdir(), "report-bench-"));

function measure(args) {
  const rssFile = path.join(work, "rss");
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--import", preload, bin, ...args], {
    cwd: root,
    env: { ...process.env, REPORT_BENCH_RSS_FILE: rssFile, FORCE_COLOR: "0" },
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`report ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  }
  return { seconds, bytes: Number(readFileSync(rssFile, "utf8")) };
}

/** The 2022 records with every list 100 times over: fresh ids, same figures. */
function generateLargeYear(dataDir) {
  const source = path.join(root, "data/2022");
  const target = path.join(dataDir, "2022");
  cpSync(source, target, { recursive: true });
  const read = (name) => parseDocument(readFileSync(path.join(source, name), "utf8")).toJS();
  const write = (name, value) => writeFileSync(path.join(target, name), stringify(value));
  const times = (list, copy) =>
    Array.from({ length: 100 }, (_, round) =>
      list.map((item) => (round === 0 ? item : copy(item, round))),
    ).flat();

  const activities = read("activities.yaml");
  activities.activities = times(activities.activities, (item, round) => ({
    ...item,
    id: `${item.id}_${round}`,
  }));
  write("activities.yaml", activities);

  const relief = read("relief.yaml");
  relief.programmes = times(relief.programmes, (item, round) => ({
    ...item,
    id: `${item.id}_${round}`,
  }));
  write("relief.yaml", relief);

  const documents = read("documents.yaml");
  documents.documents = times(documents.documents, (item, round) => ({
    ...item,
    id: `${item.id}_${round}`,
  }));
  write("documents.yaml", documents);

  const social = read("social-conditions.yaml");
  social.reports = times(social.reports, (item) => item);
  social.issued *= 100;
  write("social-conditions.yaml", social);

  const delegations = read("delegations.yaml");
  delegations.received.batches *= 100;
  write("delegations.yaml", delegations);

  const narrative = read("narrative.yaml");
  narrative.sections = times(narrative.sections, (section, round) => ({
    ...section,
    id: `${section.id}_${round}`,
    heading: section.heading.map((line) => `${line}(${round + 1})`),
  }));
  write("narrative.yaml", narrative);
}

function summarise(label, args, targets) {
  measure(args); // warm the file cache once
  const samples = Array.from({ length: runs }, () => measure(args));
  const seconds = samples.map((sample) => sample.seconds).sort((a, b) => a - b);
  const median = seconds[Math.floor(seconds.length / 2)];
  const peak = Math.max(...samples.map((sample) => sample.bytes));
  const megabytes = peak / 1024 / 1024;
  const timeOk = median <= targets.seconds;
  const memoryOk = targets.megabytes === undefined || megabytes <= targets.megabytes;
  console.log(
    `${label.padEnd(34)} median ${median.toFixed(3)} s (min ${seconds[0].toFixed(3)}, max ${seconds.at(-1).toFixed(3)}, ${runs} runs)` +
      `  peak ${megabytes.toFixed(1)} MB` +
      `  target ≤ ${targets.seconds} s${targets.megabytes ? `, ≤ ${targets.megabytes} MB` : ""}: ${timeOk && memoryOk ? "met" : "MISSED"}`,
  );
  return timeOk && memoryOk;
}

/** The 2022 records as further years (2019–2021): same figures, dates moved into each year. */
function generateYears(dataDir, years) {
  for (const year of years) {
    const target = path.join(dataDir, String(year));
    cpSync(path.join(root, "data/2022"), target, { recursive: true });
    for (const name of ["report.yaml", "activities.yaml", "relief.yaml"]) {
      const file = path.join(target, name);
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace(/\b2022(?=-\d\d|\s*$|工作)/gm, String(year)),
      );
    }
  }
}

function chromium() {
  for (const name of ["chromium", "google-chrome", "chromium-browser"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
    if (found) return found;
  }
  throw new Error("no chromium on PATH to compare with");
}

/** Chromium printing the same report.html itself, cold: the yardstick for the PDF build. */
function chromiumPrint(htmlFile, pdfFile) {
  const args = [
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--no-pdf-header-footer",
    `--print-to-pdf=${pdfFile}`,
    `file://${htmlFile}`,
  ];
  if (process.getuid?.() === 0) args.unshift("--no-sandbox");
  const started = process.hrtime.bigint();
  const result = spawnSync(chromium(), args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`chromium exited ${result.status}: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

try {
  const out = path.join(work, "out");
  const largeData = path.join(work, "data");
  generateLargeYear(largeData);
  const ok = [
    summarise("2022, md + html", ["build", "2022", "--format", "md,html", "--out", out], {
      seconds: 0.3,
    }),
    summarise(
      "2022 × 100 records, md + html",
      ["build", "2022", "--format", "md,html", "--data", largeData, "--out", out],
      {
        seconds: 3,
        megabytes: 200,
      },
    ),
  ].every(Boolean);
  const large = readFileSync(path.join(out, "2022/report.md"));
  console.log(`(the 100× report.md is ${(large.length / 1024).toFixed(0)} kB)`);

  // PDF: a cold build of all three formats against Chromium printing the same report itself.
  // Chromium is timed twice: on report.html as written (the machine's own CJK fonts, if any,
  // which Chromium embeds as Type 3), and on the HTML exactly as report prints it (the same
  // npm fonts). The target compares with the second: the same document, the same fonts.
  const pdfRuns = Math.max(3, Math.ceil(runs / 2));
  const allFormats = ["build", "2022", "--out", out];
  measure(allFormats);
  const htmlFile = path.join(out, "2022/report.html");
  const { printHtml } = await import("../dist/pdf/print.js");
  const withFonts = path.join(path.dirname(htmlFile), "report-print.html");
  writeFileSync(
    withFonts,
    printHtml({
      html: readFileSync(htmlFile, "utf8"),
      baseUrl: `file://${path.dirname(htmlFile)}/`,
    }),
  );
  const firstBuilds = [];
  const rebuilds = [];
  const asWritten = [];
  const sameFonts = [];
  const fresh = path.join(work, "fresh");
  for (let run = 0; run < pdfRuns; run++) {
    // A first build has no earlier report.pdf and numbers the contents from an estimate (a
    // second print only when it was wrong); a rebuild starts from the earlier PDF's numbers.
    rmSync(fresh, { recursive: true, force: true });
    firstBuilds.push(measure(["build", "2022", "--out", fresh]).seconds);
    rebuilds.push(measure(allFormats).seconds);
    asWritten.push(chromiumPrint(htmlFile, path.join(work, "chromium.pdf")));
    sameFonts.push(chromiumPrint(withFonts, path.join(work, "chromium-fonts.pdf")));
  }
  const chromiumTime = median(sameFonts);
  console.log(
    `${"  chromium --print-to-pdf".padEnd(34)} same HTML and fonts ${chromiumTime.toFixed(3)} s; report.html as written ${median(asWritten).toFixed(3)} s (${pdfRuns} runs, side by side)`,
  );
  let pdfOk = true;
  for (const [label, times] of [
    ["2022, all formats, first build", firstBuilds],
    ["2022, all formats, rebuild", rebuilds],
  ]) {
    const ratio = median(times) / chromiumTime;
    pdfOk &&= ratio <= 1.25;
    console.log(
      `${label.padEnd(34)} median ${median(times).toFixed(3)} s  ratio to chromium ${ratio.toFixed(2)}  target ≤ 1.25: ${ratio <= 1.25 ? "met" : "MISSED"}`,
    );
  }
  const size = (file) => `${(readFileSync(file).length / 1024).toFixed(0)} kB`;
  console.log(
    `  (report.pdf ${size(path.join(out, "2022/report.pdf"))}; chromium's prints ${size(path.join(work, "chromium-fonts.pdf"))} with the same fonts, ${size(path.join(work, "chromium.pdf"))} as written)`,
  );

  const warm = spawnSync(
    process.execPath,
    [path.join(root, "scripts/bench-warm-print.js"), htmlFile, String(pdfRuns)],
    {
      encoding: "utf8",
    },
  );
  if (warm.status !== 0) throw new Error(`warm print failed:\n${warm.stderr}`);
  const warmTimes = JSON.parse(warm.stdout);
  console.log(
    `${"2022 pdf, browser already running".padEnd(34)} median ${warmTimes.median.toFixed(3)} s (min ${warmTimes.min.toFixed(3)}, max ${warmTimes.max.toFixed(3)})`,
  );

  // Batches: four years in one run share one browser and print two pages at a time.
  const batchData = path.join(work, "batch");
  cpSync(path.join(root, "data/2022"), path.join(batchData, "2022"), { recursive: true });
  generateYears(batchData, [2019, 2020, 2021]);
  const batch = ["build", "2019", "2020", "2021", "2022", "--data", batchData, "--out", out];
  measure(batch);
  const batchTimes = Array.from({ length: pdfRuns }, () => measure(batch).seconds);
  console.log(
    `${"4 years, all formats, one run".padEnd(34)} median ${median(batchTimes).toFixed(3)} s (${(median(batchTimes) / 4).toFixed(3)} s a year; one year alone ${median(rebuilds).toFixed(3)} s)`,
  );
  // The preview server: an edit to a record until the reloaded page is served.
  const serve = spawnSync(
    process.execPath,
    [path.join(root, "scripts/bench-serve.js"), String(runs)],
    {
      encoding: "utf8",
    },
  );
  if (serve.status !== 0) throw new Error(`serve benchmark failed:\n${serve.stderr}`);
  const preview = JSON.parse(serve.stdout);
  const serveOk = preview.ready <= 0.2;
  console.log(
    `${"serve 2022: edit → page served".padEnd(34)} median ${preview.ready.toFixed(3)} s (rebuild ${preview.rebuild.toFixed(3)} s, reload event ${preview.reload.toFixed(3)} s)  target ≤ 0.2 s: ${serveOk ? "met" : "MISSED"}`,
  );
  console.log(
    `${"serve 2022: /report.pdf after edit".padEnd(34)} median ${preview.pdf.toFixed(3)} s (browser kept warm)`,
  );
  process.exitCode = ok && pdfOk && serveOk ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
