import { execFile } from "node:child_process";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { build } from "../src/build/index.js";
import { BrowserManager } from "../src/pdf/browser.js";
import { findBrowser } from "../src/pdf/find-browser.js";
import {
  builtCopy,
  cli,
  edit,
  lineOf,
  officePdf,
  pdfFamilies,
  root,
  workspace,
} from "./support.js";
import { hangGuard } from "./time-limits.js";

const exec = promisify(execFile);

// Names with rare characters (生僻字), one or more from each CJK extension block the fonts
// cover: A 䶮 (U+4DAE); B 𠮷 (U+20BB7), 𡒄 (U+21484), 𪚥 (U+2A6A5); C 𪜀 (U+2A700);
// D 𫝀 (U+2B740); E 𫠠 (U+2B820); F 𬺰 (U+2CEB0); and two compatibility ideographs, U+F900 and
// U+2F800, which must reach the PDF as they are, not as the unified ideographs they stand for.
// 𰀀 (U+30000) is in extension G, which none of the report's fonts has.
const paragraph = "委員𠮷田、䶮、堃、喆、𡒄、𪚥、\u{F900}\u{2F800}提出建議。";
const programme = "𪜀𫝀患者定向補助";
const activity = "愛心助殘𫠠𬺰";

/** The 2022 records with rare characters in prose, a table and chart label, and a name field. */
async function withRareCharacters(): Promise<string> {
  const cwd = await workspace();
  const records = (file: string) => path.join(cwd, "data/2022", file);
  await edit(
    records("narrative.yaml"),
    "closing:\n  - |-\n",
    `closing:\n  - |-\n    ${paragraph}\n`,
  );
  await edit(records("relief.yaml"), "name: 白內障患者定向補助", `name: ${programme}`);
  await edit(records("activities.yaml"), "title: 愛心助殘", `title: ${activity}`);
  return cwd;
}

/** `pdffonts`: each font's name (without its subset tag) and type. */
async function fonts(pdf: string): Promise<string[]> {
  const { stdout } = await exec("pdffonts", [pdf]);
  return stdout
    .split("\n")
    .slice(2)
    .filter(Boolean)
    .map((line) =>
      line
        .replace(/^[A-Z]{6}\+/, "")
        .replace(/\s{2,}.*?(CID TrueType|Type 3|TrueType|Type 1).*$/, " $1"),
    );
}

/** The records with rare characters, built once for the file on this machine's fonts. */
let rare: string;
beforeAll(async () => {
  rare = await withRareCharacters();
  const built = await cli(rare, "build", "2022", "-f", "md,html,pdf");
  expect(built.code, built.stderr).toBe(0);
  expect(built.stderr).not.toMatch(/warning/);
});

describe("rare characters", () => {
  it("reach report.docx in HanaMin, carried in the file, as LibreOffice shows them", async () => {
    const cwd = await builtCopy("2022");
    await cp(path.join(rare, "data"), path.join(cwd, "data"), { recursive: true });
    const built = await cli(cwd, "build", "2022", "-f", "pdf,docx");
    expect(built.code, built.stderr).toBe(0);
    const docx = path.join(cwd, "out/2022/report.docx");
    const table = (await exec("unzip", ["-p", docx, "word/fontTable.xml"])).stdout;
    expect(table).toMatch(/<w:font w:name="HanaMinA">.*?<w:embedRegular /);
    expect(table).toMatch(/<w:font w:name="HanaMinB">.*?<w:embedRegular /);
    const { pdf: office } = await officePdf(docx, path.join(cwd, "libreoffice"));
    const ours = await pdfFamilies(path.join(cwd, "out/2022/report.pdf"));
    const theirs = await pdfFamilies(office);
    expect(theirs).toContain("HanaMinA");
    expect(theirs).toContain("HanaMinB");
    for (const face of theirs) expect(ours, face).toContain(face);
    const { stdout: text } = await exec("pdftotext", ["-enc", "UTF-8", office, "-"]);
    const flat = text.replace(/\s+/g, "");
    // The compatibility ideographs as they are, not as the unified ones they stand for.
    expect(flat).toContain(paragraph);
    expect(flat).toContain(programme);
  });

  it("print from the fonts shipped with report, in prose, tables, chart labels and names", async () => {
    const cwd = rare;
    const pdf = path.join(cwd, "out/2022/report.pdf");
    const faces = await fonts(pdf);
    expect(faces.filter((face) => face.endsWith("Type 3"))).toEqual([]);
    expect(faces).toContain("HanaMinA CID TrueType");
    expect(faces).toContain("HanaMinB CID TrueType");
    const { stdout: text } = await exec("pdftotext", ["-enc", "UTF-8", pdf, "-"]);
    const flat = text.replace(/\s+/g, "");
    expect(flat).toContain(paragraph);
    expect(flat).toContain(programme);
    expect(flat).toContain(activity);
    // On screen: the glyphs of the ten characters no face of the report has, in the page.
    const html = await readFile(path.join(cwd, "out/2022/report.html"), "utf8");
    const ranges = [
      ...html.matchAll(
        /font-family: "report-rare"; src: url\(data:font\/woff2;base64,[\w+/=]+\) format\("woff2"\); unicode-range: ([^;]+);/g,
      ),
    ]
      .flatMap((match) => (match[1] ?? "").split(", "))
      .sort();
    expect(ranges).toEqual(
      [
        "U+20BB7",
        "U+21484",
        "U+2A6A5",
        "U+2A700",
        "U+2B740",
        "U+2B820",
        "U+2CEB0",
        "U+4DAE",
        "U+F900",
        "U+2F800",
      ].sort(),
    );
    // The chart's label, as drawn in its SVG.
    const chart = await readFile(path.join(cwd, "out/2022/charts/relief.svg"), "utf8");
    expect(chart).toContain(`>${programme}</text>`);
  });

  it("a character no font has is an error naming it, its record's line and the fix; nothing is written", async () => {
    const cwd = await workspace();
    expect((await cli(cwd, "build", "2022", "-f", "md,html")).code).toBe(0);
    const before = await readFile(path.join(cwd, "out/2022/report.html"), "utf8");
    const relief = path.join(cwd, "data/2022/relief.yaml");
    await edit(relief, "name: 集中慰問", "name: 集中慰問𰀀");
    const line = await lineOf(relief, "集中慰問𰀀");
    for (const args of [
      ["build", "2022", "-f", "md,html"],
      ["validate", "2022"],
    ]) {
      const result = await cli(cwd, ...args);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(
        `data/2022/relief.yaml:${line}:15 error the character 𰀀 (U+30000) has no glyph in the report's fonts (Noto Serif TC, Noto Sans TC, HanaMin): it would print as an empty box`,
      );
      expect(result.stderr).toContain("hint: write it another way, or add a font file");
    }
    expect(await readFile(path.join(cwd, "out/2022/report.html"), "utf8")).toBe(before);
    // Markdown is text, drawn with no font of report's: it is written.
    expect((await cli(cwd, "build", "2022", "-f", "md")).code).toBe(0);
  });

  it("a variation sequence the fonts have no glyph for is a warning naming it", async () => {
    const cwd = await workspace();
    const narrative = path.join(cwd, "data/2022/narrative.yaml");
    await edit(
      narrative,
      "closing:\n  - |-\n",
      "closing:\n  - |-\n    葛\u{E0100}城委員提出建議。\n",
    );
    const built = await cli(cwd, "build", "2022", "-f", "html");
    expect(built.code, built.stderr).toBe(0);
    const line = await lineOf(narrative, "城委員提出建議");
    expect(built.stderr).toContain(
      `data/2022/narrative.yaml:${line}:5 warning the variation sequence 葛 (U+845B) with U+E0100 has no glyph of its own in the report's fonts`,
    );
    expect(built.stderr).toContain("it prints as 葛");
  });
});

describe("the same PDF on every machine", () => {
  it("whatever fonts the machine has: all of them, none but DejaVu, or none at all", async () => {
    const outputs: Buffer[] = [];
    // On this machine, with all its fonts: the 2022 records as test/global-setup.ts printed them,
    // and those with rare characters as printed for this file.
    const plain = await builtCopy("2022");
    const machines = await mkdir(path.join(plain, "machines"), { recursive: true }).then(() =>
      path.join(plain, "machines"),
    );
    const configs: string[] = [];
    for (const [name, dir] of [
      ["latin", "/usr/share/fonts/truetype/dejavu"],
      ["none", path.join(machines, "empty")],
    ] as const) {
      await mkdir(path.join(machines, "empty"), { recursive: true });
      const file = path.join(machines, `${name}.conf`);
      await writeFile(
        file,
        `<?xml version="1.0"?>\n<fontconfig><dir>${dir}</dir><cachedir>${path.join(machines, `cache-${name}`)}</cachedir></fontconfig>\n`,
      );
      configs.push(file);
    }
    const shared = process.env.FONTCONFIG_FILE;
    onTestFinished(() => {
      if (shared === undefined) delete process.env.FONTCONFIG_FILE;
      else process.env.FONTCONFIG_FILE = shared;
    });
    const projects = [plain, rare];
    const pdfs: Buffer[][] = [];
    for (const cwd of projects) {
      const pdf = path.join(cwd, "out/2022/report.pdf");
      expect((await fonts(pdf)).filter((face) => !face.endsWith("CID TrueType"))).toEqual([]);
      pdfs.push([await readFile(pdf)]);
    }
    for (const [index, config] of configs.entries()) {
      // A browser started on each other machine, as a build in a process of its own starts
      // one, with that machine's fontconfig in its environment; both projects print with it.
      process.env.FONTCONFIG_FILE = config;
      const manager = new BrowserManager({
        executable: await findBrowser(),
        timeout: hangGuard(6),
      });
      try {
        for (const [project, cwd] of projects.entries()) {
          const [result] = await build({
            cwd,
            years: [2022],
            formats: ["pdf"],
            out: `out-${index}`,
            manager,
          });
          expect(result?.errors, config).toEqual([]);
          const pdf = path.join(cwd, `out-${index}/2022/report.pdf`);
          expect((await fonts(pdf)).filter((face) => !face.endsWith("CID TrueType"))).toEqual([]);
          pdfs[project]?.push(await readFile(pdf));
        }
      } finally {
        await manager.close();
      }
    }
    for (const printed of pdfs) {
      for (const pdf of printed.slice(1)) expect(pdf.equals(printed[0] as Buffer)).toBe(true);
      outputs.push(printed[0] as Buffer);
    }
    expect(outputs[0]?.equals(outputs[1] as Buffer)).toBe(false);
  });
});

describe("a project's own fonts", () => {
  it("draw the characters the report's fonts lack, and a file that is no font is named with its line", async () => {
    const cwd = await workspace();
    const narrative = path.join(cwd, "data/2022/narrative.yaml");
    // कमल (Kamal) in Devanagari, which no face of a Chinese report has.
    await edit(narrative, "closing:\n  - |-\n", "closing:\n  - |-\n    訪問團成員कमल發言。\n");
    const line = await lineOf(narrative, "訪問團成員");
    const without = await cli(cwd, "build", "2022", "-f", "html");
    expect(without.code).toBe(1);
    expect(without.stderr).toContain(
      `data/2022/narrative.yaml:${line}:10 error the character क (U+0915) has no glyph`,
    );

    await mkdir(path.join(cwd, "fonts"));
    await writeFile(
      path.join(cwd, "fonts/devanagari.woff"),
      await readFile(
        path.join(
          root,
          "node_modules/@fontsource/noto-sans/files/noto-sans-devanagari-400-normal.woff",
        ),
      ),
    );
    await writeFile(path.join(cwd, "fonts/notes.ttf"), "not a font\n");
    const config = path.join(cwd, "report.config.yaml");
    await writeFile(
      config,
      "organisation: 政協洛江區第六屆委員會\nfonts:\n  - fonts/devanagari.woff\n  - fonts/notes.ttf\n",
    );
    const refused = await cli(cwd, "build", "2022", "-f", "html");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "report.config.yaml:4:5 error fonts: fonts/notes.ttf is not a font file (TTF, OTF, WOFF or WOFF2)",
    );

    await writeFile(
      config,
      "organisation: 政協洛江區第六屆委員會\nfonts:\n  - fonts/devanagari.woff\n",
    );
    const built = await cli(cwd, "build", "2022", "-f", "pdf");
    expect(built.code, built.stderr).toBe(0);
    const pdf = path.join(cwd, "out/2022/report.pdf");
    const faces = await fonts(pdf);
    expect(faces).toContain("NotoSans-Regular CID TrueType");
    expect(faces.filter((face) => !face.endsWith("CID TrueType"))).toEqual([]);
    const { stdout: text } = await exec("pdftotext", ["-enc", "UTF-8", pdf, "-"]);
    expect(text.replace(/\s+/g, "")).toContain("訪問團成員कमल發言。");

    // In report.docx too: the font carried in the file under its own family name, as
    // LibreOffice without it shows the document.
    const docx = await cli(cwd, "build", "2022", "-f", "pdf,docx");
    expect(docx.code, docx.stderr).toBe(0);
    const file = path.join(cwd, "out/2022/report.docx");
    expect((await exec("unzip", ["-p", file, "word/fontTable.xml"])).stdout).toMatch(
      /<w:font w:name="Noto Sans">.*?<w:embedRegular /,
    );
    const { pdf: office } = await officePdf(file, path.join(cwd, "libreoffice"));
    const ours = await pdfFamilies(pdf);
    for (const face of await pdfFamilies(office)) expect(ours, face).toContain(face);
    const { stdout: shown } = await exec("pdftotext", ["-enc", "UTF-8", office, "-"]);
    expect(shown.replace(/\s+/g, "")).toContain("訪問團成員कमल發言。");
  });
});
