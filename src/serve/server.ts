import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describeSource } from "../audit/describe.js";
import type { FiguresOfYear } from "../audit/index.js";
import {
  printInMemory,
  type RenderedYear,
  type RunOptions,
  renderInMemory,
  startBrowser,
  watchTargets,
} from "../build/index.js";
import { watchFiles } from "../build/watch.js";
import { EnvironmentError, messageOf, ReportError } from "../core/errors.js";
import { escapeHtml } from "../core/escape.js";
import { type Issue, location } from "../core/issue.js";
import { clearTrace } from "../core/trace.js";
import type { BrowserManager } from "../pdf/browser.js";
import type { KeptPagePrinter } from "../pdf/print.js";
import { findProject } from "../project/config.js";
import { figureSourcesScript } from "./figure-sources.js";

export interface PreviewOptions extends RunOptions {
  year: number;
  /** 0 picks a free port. */
  port: number;
  browser?: string;
  timeout?: number;
  /** Told of each rebuild: how long it took and whether the report is broken. */
  onRebuild?: (event: { milliseconds: number; errors: number; warnings: number }) => void;
}

export interface Preview {
  url: string;
  close(): Promise<void>;
}

/**
 * `report serve`: the year's HTML on 127.0.0.1, rebuilt in memory whenever a record, template or
 * the stylesheet changes, and reloaded in the browser through server-sent events. A broken record
 * or template shows its errors in the page and the server carries on. `/report.pdf` is printed
 * on a browser kept running.
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const project = await findProject(options.cwd);
  let generation = 0;
  let current = await rebuild(options);
  // Rebuilds run one after another, so that the page never goes back to an older state.
  let queue = Promise.resolve();
  let pdf: Promise<Uint8Array> | undefined;
  let manager: Promise<BrowserManager> | undefined;
  let printer: Promise<KeptPagePrinter> | undefined;
  // Prints run one after another on the printer's one page.
  let printing: Promise<unknown> = Promise.resolve();
  const listeners = new Set<ServerResponse>();

  const stopWatching = await watchFiles(await watchTargets(options, [options.year]), () => {
    queue = queue.then(async () => {
      const next = await rebuild(options);
      current = next;
      pdf = undefined;
      for (const listener of listeners) listener.write(`data: ${next.generation}\n\n`);
      // Once the PDF has been asked for, each rebuild prints it at once: it is ready, or
      // nearly, when the page asks again.
      if (printer && next.rendered.report) currentPdf().catch(() => undefined);
    });
  });

  const currentPdf = (): Promise<Uint8Array> => {
    if (!pdf) {
      manager ??= startBrowser(options);
      printer ??= Promise.all([manager, import("../pdf/index.js")]).then(
        ([started, { KeptPagePrinter }]) => new KeptPagePrinter(started),
      );
      const ready = printer;
      const folder = path.join(project.outDir, String(options.year));
      const run = printing
        .catch(() => undefined)
        .then(() => ready)
        // What is current when its turn comes is printed: if the records changed while it
        // waited, whoever asked gets the newer PDF. (Waiting for the newer run instead would
        // wait for itself, since that run waits for this one.)
        .then((kept) => printInMemory(current.rendered, kept, folder));
      printing = run;
      pdf = run;
      run.catch(() => {
        if (pdf === run) pdf = undefined;
      });
    }
    return pdf;
  };

  let port = options.port;
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // Only a page this machine's browser opened on the loopback address may read the drafts: a
    // web page that points its own name at 127.0.0.1 (DNS rebinding) sends its own Host.
    if (!isLoopbackHost(request.headers.host, port)) {
      send(
        response,
        403,
        "text/plain; charset=utf-8",
        `this preview answers only to http://127.0.0.1:${port}/ and http://localhost:${port}/\n`,
      );
      return;
    }
    // A preview is read, never written to: PUT, DELETE, TRACE and the rest are refused.
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("allow", "GET, HEAD");
      send(response, 405, "text/plain; charset=utf-8", `${request.method} is not allowed here\n`);
      return;
    }
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/" || url.pathname === "/report.html") {
      void servedPage(current).then((html) =>
        send(response, 200, "text/html; charset=utf-8", html),
      );
    } else if (url.pathname.startsWith("/fonts/")) {
      const [, , name = "", file = ""] = url.pathname.split("/");
      void import("../pdf/index.js").then(async ({ fontFile }) => {
        const found = fontFile(name, file);
        const bytes = found ? await readFile(found).catch(() => undefined) : undefined;
        if (bytes)
          send(response, 200, file.endsWith(".woff2") ? "font/woff2" : "font/woff", bytes, true);
        else send(response, 404, "text/plain; charset=utf-8", "not found\n");
      });
    } else if (url.pathname === "/events") {
      response.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      response.write(`retry: 500\ndata: ${current.generation}\n\n`);
      listeners.add(response);
      request.on("close", () => listeners.delete(response));
    } else if (url.pathname === "/figures.json") {
      // Traced on demand only: a preview nobody asks for sources of pays nothing for them.
      const built = current;
      built.figures ??= import("../audit/index.js").then(({ figuresOf }) =>
        figuresOf(options, options.year),
      );
      built.figures.then(
        (found) =>
          found.figures
            ? send(
                response,
                200,
                "application/json; charset=utf-8",
                JSON.stringify({
                  year: options.year,
                  // Each source also in words, as `report figures` prints it, for the tooltips.
                  figures: found.figures.map((figure) => ({
                    ...figure,
                    described: figure.sources.map(describeSource),
                  })),
                }),
              )
            : send(response, 409, "text/plain; charset=utf-8", issuesText(built.rendered)),
        (error: unknown) => send(response, 500, "text/plain; charset=utf-8", `${String(error)}\n`),
      );
    } else if (url.pathname === "/report.md") {
      const markdown = current.rendered.report?.markdown;
      if (markdown) send(response, 200, "text/markdown; charset=utf-8", markdown);
      else send(response, 409, "text/plain; charset=utf-8", issuesText(current.rendered));
    } else if (url.pathname === "/report.pdf") {
      if (!current.rendered.report) {
        send(response, 409, "text/plain; charset=utf-8", issuesText(current.rendered));
        return;
      }
      currentPdf().then(
        (bytes) => send(response, 200, "application/pdf", bytes),
        (error: unknown) =>
          send(
            response,
            error instanceof ReportError ? 503 : 500,
            "text/plain; charset=utf-8",
            `cannot print the PDF: ${messageOf(error)}\n`,
          ),
      );
    } else {
      send(response, 404, "text/plain; charset=utf-8", "not found\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    stopWatching();
    // The machine's state, not the command line: an environment error (exit 3).
    throw new EnvironmentError(
      error.code === "EADDRINUSE"
        ? `port ${options.port} is in use; choose another with --port`
        : `cannot listen on 127.0.0.1:${options.port} (${error.code ?? error.message})`,
      { cause: error },
    );
  });
  port = (server.address() as AddressInfo).port;

  async function rebuild(run: PreviewOptions): Promise<Built> {
    // The steps of earlier builds are not kept: a preview may run for days.
    clearTrace();
    const started = performance.now();
    let rendered: RenderedYear;
    try {
      rendered = await renderInMemory(run, run.year);
    } catch (error) {
      // A year folder gone, a config file broken: shown in the page like any other problem.
      const message = messageOf(error);
      const issues = issuesOf(error);
      rendered = {
        year: run.year,
        result: {
          year: run.year,
          errors: issues.length ? issues : [{ severity: "error", file: "", message }],
          warnings: [],
          files: [],
          stages: {},
          milliseconds: 0,
        },
      };
    }
    const milliseconds = performance.now() - started;
    run.onRebuild?.({
      milliseconds,
      errors: rendered.result.errors.length,
      warnings: rendered.result.warnings.length,
    });
    generation += 1;
    return {
      generation,
      rendered,
      page: rendered.report ? rendered.report.html : errorPage(rendered),
    };
  }

  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      stopWatching();
      for (const listener of listeners) listener.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await printing.catch(() => undefined);
      await (await printer?.catch(() => undefined))?.close();
      await (await manager?.catch(() => undefined))?.close();
    },
  };
}

/** The issues an error carries: a template that does not parse, a broken config file. */
function issuesOf(error: unknown): Issue[] {
  if (!(error instanceof Error)) return [];
  if ("issues" in error && Array.isArray(error.issues)) return error.issues as Issue[];
  if ("issue" in error && error.issue) return [error.issue as Issue];
  return [];
}

interface Built {
  generation: number;
  rendered: RenderedYear;
  page: string;
  served?: Promise<string>;
  figures?: Promise<FiguresOfYear>;
}

/**
 * The page as served: the report with the PDF's fonts (served from the font packages, so the
 * preview looks like the print on a machine without CJK fonts) and the reload script.
 */
async function servedPage(built: Built): Promise<string> {
  built.served ??= import("../pdf/index.js").then(({ servedFontCss }) =>
    withReload(built.page.replace("</head>", `<style>${servedFontCss(built.page)}</style></head>`)),
  );
  return built.served;
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Uint8Array,
  cacheable = false,
) {
  response.writeHead(status, {
    "content-type": type,
    "cache-control": cacheable ? "max-age=86400" : "no-store",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
}

/** The page reloads itself when the server says the report has changed. */
function withReload(html: string): string {
  const script =
    "<script>(()=>{let seen;const events=new EventSource('/events');" +
    "events.onmessage=(event)=>{if(seen!==undefined&&event.data!==seen)location.reload();seen=event.data;};})();</script>" +
    figureSourcesScript;
  return html.includes("</body>") ? html.replace("</body>", `${script}</body>`) : html + script;
}

function issuesText(rendered: RenderedYear): string {
  return `${rendered.result.errors.map((issue) => `${location(issue)} ${issue.message}`).join("\n")}\n`;
}

/** The errors of a broken year as a page: file:line, message, code frame, hint. */
function errorPage(rendered: RenderedYear): string {
  const items = rendered.result.errors
    .map((issue) => {
      const parts = [
        `<p><strong class="where">${escapeHtml(location(issue))}</strong> ${escapeHtml(issue.message)}</p>`,
      ];
      if (issue.path) parts.push(`<p class="path">at ${escapeHtml(issue.path)}</p>`);
      if (issue.frame) parts.push(`<pre>${escapeHtml(issue.frame)}</pre>`);
      if (issue.hint) parts.push(`<p class="hint">hint: ${escapeHtml(issue.hint)}</p>`);
      return `<li>${parts.join("")}</li>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${rendered.year}: ${rendered.result.errors.length} errors</title>
<style>
body{font:15px/1.5 system-ui,"Noto Sans TC",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{color:#b00020;font-size:1.3rem}li{margin-bottom:1.5rem}ol{padding-left:1.2rem}
pre{background:#f6f6f6;padding:.75rem;overflow:auto;font:13px/1.4 ui-monospace,monospace,"Noto Sans TC"}
.path,.hint{color:#555;margin:.2rem 0}.where{font-family:ui-monospace,monospace}
</style></head>
<body>
<h1>The ${rendered.year} report cannot be built: ${rendered.result.errors.length} error${rendered.result.errors.length === 1 ? "" : "s"}</h1>
<p>Fix the files below; this page reloads by itself.</p>
<ol class="errors">
${items}
</ol>
</body>
</html>
`;
}

/** Whether a request's Host names this machine's loopback address and the preview's port. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(\[::1\]|127\.0\.0\.1|localhost)(?::(\d+))?$/i.exec(host.trim());
  return match !== null && (match[2] === undefined ? port === 80 : Number(match[2]) === port);
}
