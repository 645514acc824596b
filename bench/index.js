#!/usr/bin/env node
// npm run bench: `report` timed as a user runs it, each figure beside what it is measured
// against in the same run (Node's start-up, Chromium printing the same HTML itself). Prints a
// table, writes bench/results.json, and exits 1 when a target is missed. BENCH_RUNS sets the
// number of runs behind each median (default 5; the long PDFs run fewer times).
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { generateYear } from "./generate.js";
import {
  bin,
  chromium,
  chromiumPrint,
  chromiumPrintTree,
  explainMiss,
  fewer,
  median,
  pages,
  peakOf,
  preload,
  report,
  reportTree,
  results,
  root,
  round,
  row,
  runs,
  timed,
  work,
  yardstickHtml,
} from "./measure.js";

try {
  const data = path.join(work, "data");
  generateYear(data);
  const out = path.join(work, "out");

  // Start-up, and the Markdown and HTML of the 2022 records, in turns. Node is started as
  // report is in every row (with the preload that records peak memory): like with like.
  const nodeStart = () => timed(process.execPath, ["--import", preload, "-e", "0"]);
  const quick = ["build", "2022", "--format", "md,html", "--data", data, "--out", out];
  nodeStart();
  report(...quick);
  const nodeRuns = [];
  const mdHtml = [];
  for (let run = 0; run < runs; run++) {
    nodeRuns.push(nodeStart());
    mdHtml.push(report(...quick));
  }
  const node = row("node -e 0 (start-up)", nodeRuns);
  explainMiss(
    row("2022 md + html", mdHtml, {
      against: { name: node.name, value: node.median },
      target: 3,
      peak: peakOf(mdHtml),
    }),
    ...quick,
  );
  // The same build on a machine that has never run report: no code caches, parsed records or
  // glyph index in the user cache (every other row runs with them, as a second build does).
  row(
    "2022 md + html, first run (empty user cache)",
    Array.from({ length: runs }, (_, run) =>
      timed(process.execPath, ["--import", preload, bin, ...quick], {
        REPORT_CACHE_DIR: path.join(work, `empty-cache-${run}`),
      }),
    ),
    { against: { name: node.name, value: node.median } },
  );
  // Its peak memory (resident set), the median of the same runs, beside Node's own start-up.
  const nodePeak = median(nodeRuns.map((sample) => sample.bytes ?? 0));
  row(
    "2022 md + html: peak memory",
    mdHtml.map((sample) => (sample.bytes ?? 0) / 1024 / 1024),
    {
      unit: "MB",
      target: 70,
      note: `node -e 0 itself ${round(nodePeak / 1024 / 1024, 1)} MB`,
    },
  );

  // What report.docx adds to the same build: md + html with and without it, in turns.
  const withDocx = ["build", "2022", "--format", "md,html,docx", "--data", data, "--out", out];
  report(...withDocx);
  const docxAdded = Array.from({ length: runs }, () => {
    const without = report(...quick).seconds;
    return report(...withDocx).seconds - without;
  });
  explainMiss(row("2022 docx, added to md + html", docxAdded, { target: 0.2 }), ...withDocx);

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
      target: 1,
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
    target: 0.25,
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
      target: 0.7,
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
        `${entry.median.toFixed(3).padStart(7)} ${entry.unit.padEnd(2)}`,
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
