import { chmod, readFile, writeFile } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destinationPages, loadPdf } from "../src/pdf/pdf-file.js";
import { type Preview, startPreview } from "../src/serve/server.js";
import { cli, lineOf, pdfText, workspace } from "./support.js";

let work: string;
let preview: Preview;
let events: ReadableStreamDefaultReader<Uint8Array>;
const decoder = new TextDecoder();

beforeAll(async () => {
  work = await workspace();
  preview = await startPreview({ cwd: work, years: [2022], year: 2022, port: 0 });
  const response = await fetch(`${preview.url}events`);
  if (!response.body) throw new Error("no event stream");
  events = response.body.getReader();
  await nextEvent(); // the current generation, sent on connecting
});

afterAll(async () => {
  await events?.cancel();
  await preview?.close();
});

/** The next server-sent event's data. */
async function nextEvent(): Promise<string> {
  let text = "";
  for (;;) {
    const { value, done } = await events.read();
    if (done) throw new Error("the event stream ended");
    text += decoder.decode(value);
    const match = /data: (\S+)\n\n/.exec(text);
    if (match?.[1]) return match[1];
  }
}

/**
 * Waits until the page served shows `text`: an edit may be preceded by events of earlier
 * rebuilds (an editor's save can notify twice), so one event is not proof of this one.
 */
async function rebuiltWith(text: string): Promise<void> {
  for (let events = 0; events < 10; events++) {
    if ((await page()).includes(text)) return;
    await nextEvent();
  }
  throw new Error(`the page never showed ${text}`);
}

async function page(): Promise<string> {
  const response = await fetch(preview.url);
  expect(response.status).toBe(200);
  return response.text();
}

const proposals = () => path.join(work, "data/2022/proposals.yaml");

describe("report serve", () => {
  it("serves the report with a live-reload script", async () => {
    const html = await page();
    expect(html).toContain("<h1");
    expect(html).toContain("142件");
    expect(html).toContain("new EventSource('/events')");
  });

  it("answers only GET and HEAD: anything else is 405, nothing changes", async () => {
    for (const method of ["PUT", "DELETE", "POST", "PATCH"]) {
      const response = await fetch(`${preview.url}report.md`, { method, body: "x" });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow"), method).toBe("GET, HEAD");
    }
    const head = await fetch(preview.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(await page()).toContain("142件");
  });

  it("gives the source of every figure for the page's Sources toggle", async () => {
    expect(await page()).toContain('fetch("/figures.json")');
    const response = await fetch(`${preview.url}figures.json`);
    expect(response.status).toBe(200);
    const { figures } = (await response.json()) as {
      figures: Array<{ text: string; sources: unknown[]; described: string[] }>;
    };
    // proposals.yaml line 4 is `received: 142`.
    const received = figures.find((figure) => figure.text === "142件");
    expect(received?.sources).toEqual([
      { type: "record", file: "data/2022/proposals.yaml", line: 4, field: "received" },
    ]);
    expect(received?.described).toEqual(["data/2022/proposals.yaml:4 received"]);
  });

  it("serves the PDF's fonts with the page, and nothing but font files under /fonts/", async () => {
    const html = await page();
    const font = /url\((\/fonts\/noto-serif-tc\/[a-z0-9-]+\.woff)\)/.exec(html)?.[1];
    expect(font).toBeDefined();
    const response = await fetch(new URL(font ?? "", preview.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("font/woff");
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe("wOFF");
    for (const probe of [
      "/fonts/noto-serif-tc/..%2F400.css",
      "/fonts/other/x.woff",
      "/fonts/noto-serif-tc/../../package.json",
    ]) {
      expect((await fetch(new URL(probe, preview.url))).status, probe).toBe(404);
    }
  });

  it("rebuilds on an edit, shows a broken record's error with its line, and recovers", async () => {
    const original = await readFile(proposals(), "utf8");
    await writeFile(
      proposals(),
      original.replace("received: 142", "received: 150").replace("filed: 142", "filed: 150"),
    );
    await nextEvent();
    expect(await page()).toContain("150件");

    await writeFile(proposals(), original.replace("received: 142", "received: many"));
    await nextEvent();
    const broken = await page();
    const line = await lineOf(proposals(), "received: many");
    expect(broken).toContain(`data/2022/proposals.yaml:${line}:11`);
    expect(broken).toContain("expected a number, found the text &quot;many&quot;");
    expect(broken).toMatch(/<pre>[\s\S]*received: many[\s\S]*\^[\s\S]*<\/pre>/);
    expect(broken).toContain("new EventSource('/events')");

    await writeFile(proposals(), original);
    await nextEvent();
    const fixed = await page();
    expect(fixed).toContain("142件");
    expect(fixed).not.toContain("cannot be built");
  });

  it("prints the contents again when an edit moves the sections, to the bytes a build gives", async () => {
    const first = Buffer.from(await (await fetch(`${preview.url}report.pdf`)).arrayBuffer());
    const file = path.join(work, "data/2022/narrative.yaml");
    const text = await readFile(file, "utf8");
    const paragraph = "洛江區政協主動融入發展大局,凝心聚力、建言獻策。".repeat(9);
    const place = "      - 增強協商議政實效\n    paragraphs:\n";
    expect(text).toContain(place);
    await writeFile(file, text.replace(place, `${place}${`      - ${paragraph}\n`.repeat(5)}`));
    await rebuiltWith(paragraph);
    const served = Buffer.from(await (await fetch(`${preview.url}report.pdf`)).arrayBuffer());
    const built = await cli(work, "build", "2022", "-f", "pdf", "-o", "moved");
    await writeFile(file, text);
    await nextEvent();
    expect(built.code, built.stderr).toBe(0);
    const moved = path.join(work, "moved/2022/report.pdf");
    expect(served.equals(await readFile(moved))).toBe(true);
    // The later sections start on later pages, and the contents says so.
    const before = [...destinationPages(await loadPdf(first)).values()].sort((a, b) => a - b);
    const after = [...destinationPages(await loadPdf(served)).values()].sort((a, b) => a - b);
    expect(after.length).toBe(before.length);
    expect(after.at(-1)).toBeGreaterThan(before.at(-1) ?? 0);
    const contents = await pdfText(moved, { page: 2 });
    const numbers = [...contents.matchAll(/(\d+)(?=[^\d]|$)/g)].map((match) => Number(match[1]));
    expect(numbers).toEqual(after);
  });

  it("shows a broken template's error and carries on", async () => {
    const partial = path.join(work, "templates/partials/section.md.hbs");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.dirname(partial), { recursive: true });
    await writeFile(partial, "## {{#each heading}}{{this}}\n");
    await nextEvent();
    const broken = await page();
    expect(broken).toMatch(
      /templates\/partials\/section\.md\.hbs:\d+:\d+<\/strong> cannot parse the template/,
    );
    await writeFile(partial, "## {{#each heading}}{{this}}{{/each}}\n");
    await nextEvent();
    expect(await page()).toContain("<h2");
  });

  it("serves the PDF printed by the browser it keeps", async () => {
    const response = await fetch(`${preview.url}report.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("prints again on the page it keeps, to the bytes a build gives", async () => {
    await fetch(`${preview.url}report.pdf`);
    const text = await readFile(proposals(), "utf8");
    await writeFile(
      proposals(),
      text.replace("received: 142", "received: 151").replace("filed: 142", "filed: 151"),
    );
    await rebuiltWith("151件");
    const served = Buffer.from(await (await fetch(`${preview.url}report.pdf`)).arrayBuffer());
    // The same records built from the command line, with a browser other than the preview's.
    const built = await cli(work, "build", "2022", "-f", "pdf");
    await writeFile(proposals(), text);
    await nextEvent();
    expect(built.code, built.stderr).toBe(0);
    const file = path.join(work, "out/2022/report.pdf");
    expect(served.equals(await readFile(file))).toBe(true);
    expect(await pdfText(file)).toContain("151件");
  });

  it("serves the PDF of the newest records when they change twice while it prints", async () => {
    const text = await readFile(proposals(), "utf8");
    const edited = (received: number) =>
      text
        .replace("received: 142", `received: ${received}`)
        .replace("filed: 142", `filed: ${received}`);
    // A print under way; the records change, and the PDF is asked for again, while it prints;
    // then they change once more.
    const first = fetch(`${preview.url}report.pdf`);
    await writeFile(proposals(), edited(152));
    await rebuiltWith("152件");
    const second = fetch(`${preview.url}report.pdf`);
    await writeFile(proposals(), edited(153));
    await rebuiltWith("153件");
    for (const response of await Promise.all([first, second])) {
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const served = Buffer.from(await (await fetch(`${preview.url}report.pdf`)).arrayBuffer());
    const file = path.join(work, "newest.pdf");
    await writeFile(file, served);
    expect(await pdfText(file)).toContain("153件");
    await writeFile(proposals(), text);
    await rebuiltWith("142件");
  });

  it("exits 3 when its port is taken, as an environment error", async () => {
    const work = await workspace();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const refused = await cli(work, "serve", "2022", "--port", String(port));
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(`port ${port} is in use; choose another with --port`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("stays up when the browser cannot start, saying why at /report.pdf", async () => {
    const work = await workspace();
    const browser = path.join(work, "browser");
    await writeFile(browser, "#!/nonexistent/interpreter\n");
    await chmod(browser, 0o755);
    const broken = await startPreview({ cwd: work, years: [2022], year: 2022, port: 0, browser });
    try {
      const pdf = await fetch(new URL("report.pdf", broken.url));
      expect(pdf.status).toBe(503);
      expect(await pdf.text()).toMatch(/cannot print the PDF: cannot start the browser .*ENOENT/);
      const again = await fetch(broken.url);
      expect(again.status).toBe(200);
    } finally {
      await broken.close();
    }
  });
});
