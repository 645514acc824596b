// Everything the build needs to print, behind one module: the CLI bundle loads it (and with it
// puppeteer-core and pdf-lib) only when a PDF is asked for.

export { checkFontPackages, fontFile, servedFontCss } from "../fonts/font-css.js";
export { BrowserManager } from "./browser.js";
export { findBrowser } from "./find-browser.js";
export {
  destinationPages,
  finishPdf,
  loadPdf,
  type PrintedLayout,
  printedLayout,
  recordedLayout,
} from "./pdf-file.js";
export { KeptPagePrinter, printHtml, printPdf } from "./print.js";
