import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { EnvironmentError } from "../src/core/errors.js";
import { BrowserManager } from "../src/pdf/browser.js";
import { findBrowser } from "../src/pdf/find-browser.js";
import { destinationPages, loadPdf, renumberElementIds } from "../src/pdf/pdf-file.js";
import { browserArguments } from "../src/pdf/spawn.js";
import { built2022Pdf, cli, edit, pdfText, sections2022, workspace } from "./support.js";
import { hangGuard } from "./time-limits.js";

const exec = promisify(execFile);

/** The 2022 report as test/global-setup.ts built it, shared by the checks that only read it. */
let cwd: string;
let pdfPath: string;
let bytes: Uint8Array;
beforeAll(async () => {
  ({ cwd, pdfPath, bytes } = await built2022Pdf());
});

describe("report.pdf", () => {
  it("numbers the contents with the pages the sections start on, as their footers print them", async () => {
    const landed = destinationPages(await loadPdf(bytes));
    expect([...landed.keys()].sort()).toEqual([...sections2022].sort());
    const contents = await pdfText(pdfPath, { page: 2 });
    expect(contents).toMatch(/^目錄/);
    for (const [id, page] of landed) {
      const heading = (await readFile(path.join(cwd, "data/2022/narrative.yaml"), "utf8")).match(
        new RegExp(`id: ${id}\\n\\s+heading:\\n\\s+- (\\S+)\\n\\s+- (\\S+)`),
      );
      expect(heading, id).not.toBeNull();
      expect(contents).toContain(`${heading?.[1]}${heading?.[2]}${page}`);
      const pageText = await pdfText(pdfPath, { page });
      expect(pageText).toContain(`—${page}—`);
      expect(pageText).toContain(`${heading?.[1]}${heading?.[2]}`);
    }
  });

  it("leaves the cover and the contents page without a page number", async () => {
    expect(await pdfText(pdfPath, { page: 1 })).not.toMatch(/—\d+—/);
    expect(await pdfText(pdfPath, { page: 2 })).not.toMatch(/—\d+—/);
  });

  it("embeds only subset TrueType fonts from the npm packages, never Type 3", async () => {
    const { stdout } = await exec("pdffonts", [pdfPath]);
    const rows = stdout.trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(
        /^[A-Z]{6}\+NotoS(erif|ans)TC\S* +CID TrueType +Identity-H +yes +yes +yes /,
      );
      expect(row).not.toContain("Type 3");
    }
    // Each subset its own tag (ISO 32000-1, 9.6.4), the front matter's printed alone too.
    const tags = rows.map((row) => row.slice(0, 6));
    expect(new Set(tags).size).toBe(tags.length);
  });

  it("carries the metadata, the language and the tags; A4 pages", async () => {
    const { stdout } = await exec("pdfinfo", [pdfPath]);
    expect(stdout).toMatch(/^Title: +政協洛江區第六屆委員會 2022工作回眸$/m);
    expect(stdout).toMatch(/^Author: +政協洛江區第六屆委員會$/m);
    expect(stdout).toMatch(/^Subject: +政協洛江區第六屆委員會2022年履職工作回顧$/m);
    expect(stdout).toMatch(/^Keywords: +政協 洛江區 履職 提案 社情民意 年度報告$/m);
    expect(stdout).toMatch(/^Creator: +report$/m);
    expect(stdout).toMatch(/^Producer: +report \d+\.\d+\.\d+$/m);
    expect(stdout).toMatch(/^CreationDate: +Sat Dec 31 00:00:00 2022 UTC$/m);
    expect(stdout).toMatch(/^ModDate: +Sat Dec 31 00:00:00 2022 UTC$/m);
    expect(stdout).toMatch(/^Tagged: +yes$/m);
    expect(stdout).toMatch(/^Page size: +59\d(\.\d+)? x 841\.\d+ pts \(A4\)$/m);
    const document = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(document.catalog.lookup(PDFName.of("Lang"), PDFString).decodeText()).toBe("zh-Hant");
  });

  it("has bookmarks for the title and every section", async () => {
    const document = await PDFDocument.load(bytes, { updateMetadata: false });
    const titles: Array<[number, string]> = [];
    const walk = (item: PDFDict | undefined, depth: number): void => {
      for (let node = item; node; node = node.lookupMaybe(PDFName.of("Next"), PDFDict)) {
        const title = node.lookup(PDFName.of("Title"));
        if (title instanceof PDFHexString || title instanceof PDFString)
          titles.push([depth, title.decodeText()]);
        walk(node.lookupMaybe(PDFName.of("First"), PDFDict), depth + 1);
      }
    };
    const outlines = document.catalog.lookup(PDFName.of("Outlines"), PDFDict);
    walk(outlines.lookupMaybe(PDFName.of("First"), PDFDict), 0);
    expect(titles[0]?.[0]).toBe(0);
    expect(titles[0]?.[1].replace(/\s/g, "")).toBe("政協洛江區第六屆委員會2022工作回眸");
    expect(titles.slice(1).map(([depth, title]) => [depth, title.replace(/\s/g, "")])).toEqual([
      [1, "堅持履職為民彰顯政協責任擔當"],
      [1, "服務中心大局增強協商議政實效"],
      [1, "推進民主監督助推經濟社會發展"],
      [1, "凝聚思想共識激發各界團結力量"],
      [1, "堅持強基固本打造過硬干部隊伍"],
    ]);
  });

  it("is the same to the byte when built again from the same records", async () => {
    const again = await cli(cwd, "build", "2022", "--format", "pdf", "--out", "out-again");
    expect(again.code, again.stderr).toBe(0);
    const second = await readFile(path.join(cwd, "out-again/2022/report.pdf"));
    expect(Buffer.compare(Buffer.from(bytes), second)).toBe(0);
  });
});

describe("tagged element ids", () => {
  it("number from 1 whatever ids the browser's renderer gave, so the bytes do not depend on it", async () => {
    const text = Buffer.from(bytes).toString("latin1");
    const ids = [...text.matchAll(/\(node(\d{8})\)/g)].map((match) => Number(match[1]));
    expect(ids.length).toBeGreaterThan(20);
    expect(Math.min(...ids)).toBe(1);
    // The same PDF as a renderer that had made 11 more nodes before would print it.
    const shifted = Buffer.from(
      text.replace(
        /\(node(\d{8})\)/g,
        (_, id: string) => `(node${String(Number(id) + 11).padStart(8, "0")})`,
      ),
      "latin1",
    );
    const again = await loadPdf(shifted);
    renumberElementIds(again);
    const original = await loadPdf(bytes);
    const save = (document: PDFDocument) => document.save({ useObjectStreams: false });
    expect(Buffer.compare(Buffer.from(await save(again)), Buffer.from(await save(original)))).toBe(
      0,
    );
  });
});

describe("starting the browser", () => {
  it("passes every argument puppeteer would, written out so the browser starts before puppeteer loads", async () => {
    const puppeteer = (await import("puppeteer-core")).default;
    const theirs = puppeteer
      .defaultArgs({ headless: true, userDataDir: "/profile" })
      .filter((arg) => arg !== "about:blank");
    const ours = browserArguments("/profile");
    for (const arg of theirs) {
      if (arg.startsWith("--disable-features=")) {
        // Joined with the features report switches off: Chromium reads only the last list.
        const list = ours.find((entry) => entry.startsWith("--disable-features=")) ?? "";
        for (const feature of arg.slice("--disable-features=".length).split(",")) {
          expect(list.split("=")[1]?.split(",")).toContain(feature);
        }
      } else expect(ours).toContain(arg);
    }
  });
});

describe("printing safely", () => {
  it("sends no request to the network, even for an image a record links", async () => {
    let requests = 0;
    const server = createServer((_, response) => {
      requests++;
      response.end("GIF89a");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const work = await workspace();
      await edit(
        path.join(work, "data/2022/narrative.yaml"),
        "打鐵必須自身硬。",
        `打鐵必須自身硬。![圖](http://127.0.0.1:${port}/tracker.gif)`,
      );
      const { code, stderr } = await cli(work, "build", "2022", "--format", "html,pdf");
      expect(code, stderr).toBe(0);
      expect(await readFile(path.join(work, "out/2022/report.html"), "utf8")).toContain(
        `http://127.0.0.1:${port}/tracker.gif`,
      );
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it("keeps the previous report.pdf when printing fails", async () => {
    const work = await workspace();
    const first = await cli(work, "build", "2022");
    expect(first.code, first.stderr).toBe(0);
    const before = await readFile(path.join(work, "out/2022/report.pdf"));
    await edit(path.join(work, "data/2022/proposals.yaml"), "received: 142", "received: 143");
    const failed = await cli(work, "build", "2022", "--timeout", "0.001");
    expect(failed.code).toBe(3);
    // Stopped by the limit: before the browser answered, or while it printed, as the browser
    // (started while the records render) has answered by then or not on a busy machine; the
    // two are told apart in "the time limit" below.
    expect(failed.stderr).toMatch(
      /(?:the browser \S+ did not answer within|printing took longer than) 0\.001 s and was stopped \(raise it with --timeout\)/,
    );
    expect(Buffer.compare(before, await readFile(path.join(work, "out/2022/report.pdf")))).toBe(0);
    expect(await readFile(path.join(work, "out/2022/report.md"), "utf8")).toContain("142件");
  });
});

describe("the time limit", () => {
  it("names the browser that never answered apart from a print that took too long", async () => {
    // Started within the usual limit of minutes, then given one of 2 s: what runs past it is the print.
    const options = { executable: await findBrowser(), timeout: hangGuard(3) };
    const manager = new BrowserManager(options);
    try {
      await (await manager.openPage()).close();
      options.timeout = 2_000;
      const slow = manager.withPage(() => new Promise((resolve) => setTimeout(resolve, 8_000)));
      await expect(slow).rejects.toThrow(
        "printing took longer than 2 s and was stopped (raise it with --timeout)",
      );
    } finally {
      await manager.close();
    }
  });
});

describe("document dates", () => {
  it("take SOURCE_DATE_EPOCH when it is set", async () => {
    const work = await workspace();
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = "1672574400"; // 2023-01-01 12:00 UTC
    try {
      const { code, stderr } = await cli(work, "build", "2022", "--format", "pdf");
      expect(code, stderr).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
    const { stdout } = await exec("pdfinfo", [path.join(work, "out/2022/report.pdf")]);
    expect(stdout).toMatch(/^CreationDate: +Sun Jan {2}1 12:00:00 2023 UTC$/m);
  });
});

describe("a browser that crashes", () => {
  it("is restarted once and the print goes on", async () => {
    const manager = new BrowserManager({ executable: await findBrowser(), timeout: hangGuard(3) });
    let attempts = 0;
    try {
      const title = await manager.withPage(async (page) => {
        attempts++;
        if (attempts === 1) {
          process.kill(manager.pid ?? 0, "SIGKILL");
          await new Promise((resolve) => setTimeout(resolve, 200));
          await page.goto("data:text/html,<title>never</title>");
        }
        await page.goto("data:text/html,<title>printed</title>");
        return page.title();
      });
      expect(title).toBe("printed");
      expect(attempts).toBe(2);
    } finally {
      await manager.close();
    }
  });
});

describe("finding the browser", () => {
  it("says how to get one when there is none", async () => {
    const empty = await workspace();
    const search = findBrowser({ env: { PUPPETEER_CACHE_DIR: empty }, platform: "win32" });
    await expect(search).rejects.toBeInstanceOf(EnvironmentError);
    await expect(search).rejects.toThrow(/apt-get install chromium/);
  });

  it("takes CHROME_PATH first and refuses one that is not there", async () => {
    await expect(findBrowser({ env: { CHROME_PATH: "/nowhere/chrome" } })).rejects.toThrow(
      /CHROME_PATH names \/nowhere\/chrome, which is not an executable file/,
    );
  });

  it("finds a browser on PATH", async () => {
    const found = await findBrowser({ env: { PATH: "/usr/bin:/bin" } });
    expect(path.basename(found)).toMatch(/chrom|edge/i);
  });
});
