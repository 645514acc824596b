import { z } from "zod";
import { scripts } from "../core/language.js";
import { field, text } from "./common.js";

/** The file that marks a folder as a report project. */
export const configFileName = "report.config.yaml";

export const locales = ["zh-Hant", "zh-Hans", "en"] as const;
export const themes = ["default", "official"] as const;
/** The paper a report prints on. */
export const paperSizes = ["A4", "Letter"] as const;
/** One to four CSS lengths in mm, cm, in or pt: 30mm 26mm 28mm 28mm, 1in. */
export const marginsPattern = /^\s*(\d+(\.\d+)?(mm|cm|in|pt)\s*){1,4}$/;
/** The files a build can write for a year. */
export const outputFormats = ["md", "html", "pdf", "docx"] as const;
/** What a build writes when neither --format nor the config says. */
export const defaultFormats: Array<(typeof outputFormats)[number]> = ["md", "html", "pdf"];

/** `report.config.yaml`: settings of a project that hold for every year. */
export const configSchema = z.strictObject({
  organisation: field(text, "機構全稱", "the organisation the project reports for", [
    "政協洛江區第六屆委員會",
  ]),
  locale: field(
    z.enum(locales).optional(),
    "模板自加文字所用的語言檔;不填則依 report.yaml 的 language",
    "the locale file for the words the templates add; left out, it follows report.yaml's language",
    ["zh-Hant", "en"],
  ),
  theme: field(
    z.enum(themes).default("default"),
    "版式:default 或 official(依 GB/T 9704 公文格式)",
    "the look of the HTML and the PDF: default, or official (the GB/T 9704 document layout)",
    ["official"],
  ),
  formats: field(
    z.array(z.enum(outputFormats)).min(1, "at least one format").optional(),
    "預設輸出的格式:md、html、pdf、docx;命令列的 --format 優先",
    "the formats a build writes when --format does not say: md, html, pdf, docx",
    [["md", "html", "pdf", "docx"]],
  ),
  fonts: field(
    z.array(text).max(16, "at most 16 font files").optional(),
    "補字用的字型檔(TTF、WOFF、WOFF2,TrueType 輪廓),相對於專案資料夾;只用於報告字型缺的字",
    "font files for characters the report's fonts lack (TTF, WOFF or WOFF2 with TrueType outlines), relative to the project folder; used for those characters only",
    [["fonts/MyNames.ttf"]],
  ),
  script: field(
    z.enum(scripts).optional(),
    "輸出的文字:hant 繁體、hans 簡體;不填則照紀錄原樣",
    "the script of the outputs: hant (Traditional) or hans (Simplified); left out, the records' own",
    ["hans"],
  ),
  numbering: field(
    z.enum(["none", "chinese", "decimal"]).default("none"),
    "標題編號:none 不編號;chinese 為 一、(一)1.(1);decimal 為 1、1.1、1.1.1",
    "how headings are numbered: none; chinese, 一、 (一) 1. (1); or decimal, 1, 1.1, 1.1.1",
    ["chinese"],
  ),
  cover: field(
    z.union([z.boolean(), z.literal("auto")]).default("auto"),
    "封面頁:true 有,false 無(標題印在第一頁頂端),auto 章節多於一個時才有",
    "a cover page: true, false (the title heads the first page), or auto: only for a report of more than one section",
    [false],
  ),
  contents: field(
    z.union([z.boolean(), z.literal("auto")]).default("auto"),
    "目錄頁:true 有,false 無,auto 章節三個以上才有",
    "a contents page: true, false, or auto: only for a report of three sections or more",
    [true],
  ),
  contents_depth: field(
    z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1),
    "目錄列出的標題層級:0 不要目錄,1 只列章節,2 連小節也列",
    "how many levels of headings the contents lists: 0, no contents; 1, the sections; 2, their subsections too",
    [2],
  ),
  page: field(
    z
      .strictObject({
        size: field(
          z.enum(paperSizes).optional(),
          "紙張:A4 或 Letter;不填時依 report.yaml 的地區(美國、加拿大、菲律賓、墨西哥、智利、哥倫比亞用 Letter)",
          "the paper: A4 or Letter; left out, as the region of report.yaml's language uses (Letter in the US, Canada, the Philippines, Mexico, Chile and Colombia)",
          ["Letter"],
        ),
        margins: field(
          z
            .string()
            .regex(
              marginsPattern,
              "one to four lengths in mm, cm, in or pt, as CSS writes margins (top right bottom left)",
            )
            .optional(),
          "頁邊距,一至四個長度(上 右 下 左),單位 mm、cm、in 或 pt;不填時 A4 為 30mm 26mm 28mm 28mm,Letter 為 1in",
          "the margins, one to four lengths (top right bottom left) in mm, cm, in or pt; left out, 30mm 26mm 28mm 28mm on A4 and 1in on Letter",
          ["25mm 20mm", "1in"],
        ),
      })
      .optional(),
    "版面的紙張與頁邊距(default 版式;official 版式依 GB/T 9704 用 A4)",
    "the page of the HTML's print, the PDF and report.docx: paper and margins (the default theme; the official one keeps GB/T 9704's A4)",
    [{ size: "Letter", margins: "1in" }],
  ),
  docx_fonts: field(
    z.enum(["embedded", "installed"]).default("embedded"),
    "report.docx 的字型:embedded 內嵌 PDF 所用字型(任何電腦上都與 PDF 同樣);installed 只寫字型名稱,用電腦上已裝的公文字型(仿宋_GB2312 等)",
    "the fonts of report.docx: embedded, the PDF's own faces inside the file (it looks like the PDF on any machine); installed, only their names, for offices that must use the official faces they have (仿宋_GB2312 and the like)",
    ["installed"],
  ),
  encoding: field(
    z.enum(["gb18030", "big5"]).optional(),
    "紀錄檔不是 UTF-8 時的編碼:gb18030(含 GBK)或 big5;UTF-8 與 UTF-16 自動辨認",
    "the encoding of record files that are not UTF-8: gb18030 (GBK included) or big5; UTF-8 and UTF-16 are recognised by themselves",
    ["gb18030"],
  ),
  glossary: field(
    z.record(z.string().regex(/\S/, "a non-empty term"), z.string()).default({}),
    "轉換後的用詞更正:轉換結果 → 應有的寫法",
    "terms the script conversion gets wrong: converted text → the wording wanted",
    [{ 於洛江: "于洛江" }],
  ),
});

export type ProjectConfig = z.infer<typeof configSchema>;
export type Theme = (typeof themes)[number];
export type Locale = (typeof locales)[number];
