import { createRequire } from "node:module";

/**
 * The PDF's libraries stay outside the CLI bundle and are required only when a PDF is printed,
 * so `report validate` or a Markdown build never loads them.
 */
const require = createRequire(import.meta.url);

export function puppeteerCore(): typeof import("puppeteer-core")["default"] {
  return (require("puppeteer-core") as typeof import("puppeteer-core")).default;
}

export function pdfLib(): typeof import("pdf-lib") {
  return require("pdf-lib") as typeof import("pdf-lib");
}

export function puppeteerBrowsers(): typeof import("@puppeteer/browsers") {
  return require("@puppeteer/browsers") as typeof import("@puppeteer/browsers");
}
