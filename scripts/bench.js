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
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
