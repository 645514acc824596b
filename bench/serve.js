// The preview server as an editor uses it: `report serve 2022` on a copy of the records, then
// an edit to a record, timed until the reload event arrives, until the new page is served and
// until the new /report.pdf is served (once asked for, the PDF is printed on every change).
// Prints the samples, in seconds, as JSON.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.argv[2] ?? 7);
const work = mkdtempSync(path.join(tmpdir(), "report-bench-serve-"));
cpSync(path.join(root, "data"), path.join(work, "data"), { recursive: true });
const proposals = path.join(work, "data/2022/proposals.yaml");
const original = readFileSync(proposals, "utf8");

const server = spawn(
  process.execPath,
  [path.join(root, "bin/report.js"), "serve", "2022", "--port", "0"],
  {
    cwd: work,
    env: { ...process.env, FORCE_COLOR: "0" },
  },
);
let log = "";
server.stderr.on("data", (chunk) => {
  log += chunk;
});

function get(url) {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode, body: Buffer.concat(chunks) }),
      );
    })
      .on("error", reject)
      .end();
  });
}

try {
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log}`)), 20_000);
    server.stderr.on("data", () => {
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
  });
  // Events: each `data:` line is a new generation of the page.
  let onEvent = () => undefined;
  request(`${url}events`, (response) => {
    response.on("data", (chunk) => {
      if (String(chunk).includes("data:")) onEvent();
    });
  }).end();
  await new Promise((resolve) => setTimeout(resolve, 300));

  const reload = [];
  const ready = [];
  const pdf = [];
  // The first PDF starts the browser; the ones timed below are warm.
  await get(`${url}report.pdf`);
  for (let run = 0; run < runs; run++) {
    const received = 150 + run;
    const changed = original
      .replace("received: 142", `received: ${received}`)
      .replace("filed: 142", `filed: ${received}`);
    const event = new Promise((resolve) => {
      onEvent = resolve;
    });
    const started = performance.now();
    writeFileSync(proposals, changed);
    await event;
    reload.push(performance.now() - started);
    const page = await get(url);
    if (!String(page.body).includes(`${received}件`)) throw new Error("the page did not change");
    ready.push(performance.now() - started);
    const printed = await get(`${url}report.pdf`);
    if (printed.status !== 200) throw new Error(`report.pdf: ${printed.status}`);
    pdf.push(performance.now() - started);
  }
  const rebuilds = [...log.matchAll(/ok in (\d+) ms/g)].slice(1).map((match) => Number(match[1]));
  const seconds = (values) => values.map((value) => value / 1000);
  console.log(
    JSON.stringify({
      rebuild: seconds(rebuilds),
      reload: seconds(reload),
      ready: seconds(ready),
      pdf: seconds(pdf),
    }),
  );
} finally {
  server.kill("SIGINT");
  await new Promise((resolve) => server.on("exit", resolve));
  rmSync(work, { recursive: true, force: true });
}
