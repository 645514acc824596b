// Prints the 2022 report.html twice with one browser and reports the second print: the PDF
// time with a warm browser (contents passes, pdf-lib finishing), without launch or Node start.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BrowserManager } from "../dist/pdf/browser.js";
import { findBrowser } from "../dist/pdf/find-browser.js";
import { finishPdf } from "../dist/pdf/pdf-file.js";
import { printPdf } from "../dist/pdf/print.js";

const [htmlFile, runs = "3"] = process.argv.slice(2);
const html = readFileSync(htmlFile, "utf8");
const baseUrl = `${pathToFileURL(path.dirname(path.resolve(htmlFile))).href}/`;
const manager = new BrowserManager({ executable: await findBrowser(), timeout: 60_000 });
const metadata = {
  title: "",
  author: "",
  subject: "",
  keywords: [],
  language: "zh-Hant",
  date: new Date(0),
  producer: "",
};
try {
  await finishPdf((await printPdf(manager, { html, baseUrl })).document, metadata);
  const times = [];
  for (let run = 0; run < Number(runs); run++) {
    const started = performance.now();
    await finishPdf((await printPdf(manager, { html, baseUrl })).document, metadata);
    times.push((performance.now() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      median: times[Math.floor(times.length / 2)],
      min: times[0],
      max: times.at(-1),
    }),
  );
} finally {
  await manager.close();
}
