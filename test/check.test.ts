import { execFile } from "node:child_process";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { FileSystemConfigLoader, HtmlValidate } from "html-validate";
import iconv from "iconv-lite";
import { describe, expect, inject, it } from "vitest";
import { builtCopy, cli, edit, seedPath } from "./support.js";

const exec = promisify(execFile);

interface CheckedJson {
  counts: Record<string, number>;
  figures: Array<{
    verdict: string;
    text: string;
    value: string;
    draft: { place: string; text: string };
    record?: { text: string; value: string; sources: string[] };
    candidates?: unknown[];
    yaml?: string | null;
  }>;
}

async function check(cwd: string, ...args: string[]) {
  const run = await cli(cwd, "check", ...args, "--json", "--no-html");
  return {
    code: run.code,
    stderr: run.stderr,
    json: JSON.parse(run.stdout || "{}") as CheckedJson,
  };
}

describe("report check", () => {
  it("finds every figure of the 2022 retrospective in agreement with the records: seed, report.md, report.docx", async () => {
    const dir = await builtCopy("2022");
    const seed = await check(dir, seedPath, "--year", "2022");
    expect(seed.code).toBe(0);
    // 2022, 2022年, 60名 … 10批次: the 26 figures of the seed, counted by hand.
    expect(seed.json.counts).toEqual({ agrees: 26, disagrees: 0, unknown: 0, ambiguous: 0 });
    const cataract = seed.json.figures.find((figure) => figure.text === "2.4萬元");
    expect(cataract?.record?.sources).toEqual(["data/2022/relief.yaml:15 programmes[0].amount"]);
    for (const file of ["out/2022/report.md", "out/2022/report.docx"]) {
      const built = await check(dir, file, "--year", "2022");
      expect(built.code, file).toBe(0);
      expect(built.json.counts.agrees, file).toBeGreaterThanOrEqual(26);
      expect(
        built.json.figures.filter((figure) => figure.verdict !== "agrees"),
        file,
      ).toEqual([]);
    }
  });

  it("reports exactly the ten figures changed by hand, with both values, and exits 1", async () => {
    const dir = await builtCopy("2022");
    const draft = path.join(dir, "draft.txt");
    await copyFile(seedPath, draft);
    const changes: Array<[string, string, string, string]> = [
      ["60名白", "62名白", "62名", "60名"],
      ["2.4萬元", "2.6萬元", "2.6萬元", "2.4萬元"],
      ["23.5萬元", "25.3萬元", "25.3萬元", "23.5萬元"],
      ["14個村", "16個村", "16個", "14個"],
      ["580位", "585位", "585位", "580位"],
      ["2500冊", "2000冊", "2000冊", "2500冊"],
      ["516.5萬元", "561.5萬元", "561.5萬元", "516.5萬元"],
      ["142件", "124件", "124件", "142件"],
      ["滿意率100%", "滿意率98%", "98%", "100%"],
      ["8期", "9期", "9期", "8期"],
    ];
    for (const [from, to] of changes) await edit(draft, from, to);
    const { code, json } = await check(dir, "draft.txt", "--year", "2022");
    expect(code).toBe(1);
    expect(json.counts).toEqual({ agrees: 16, disagrees: 10, unknown: 0, ambiguous: 0 });
    expect(
      json.figures
        .filter((figure) => figure.verdict === "disagrees")
        .map((figure) => [figure.text, figure.record?.text]),
    ).toEqual(changes.map(([, , drafted, recorded]) => [drafted, recorded]));

    // The same draft as a Word file another writer made (pandoc, with Word's heading styles).
    const markdown = (await readFile(draft, "utf8"))
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => (/[。,]$/.test(line) ? line : `## ${line}`))
      .join("\n\n");
    await writeFile(path.join(dir, "draft-pandoc.md"), markdown);
    await exec("pandoc", ["draft-pandoc.md", "-o", "draft.docx"], { cwd: dir });
    const word = await check(dir, "draft.docx", "--year", "2022");
    expect(word.code).toBe(1);
    expect(word.json.counts).toEqual({ agrees: 16, disagrees: 10, unknown: 0, ambiguous: 0 });
  });

  it("holds a figure printed rounded to the record's exact value, in either script", async () => {
    const dir = await builtCopy("2022");
    // relief.yaml holds 250000 for the paired villages, printed 25萬元: 25.3萬元 is not it.
    await writeFile(path.join(dir, "hant.md"), "落實掛鉤幫扶制度,撥出資金25.3萬元幫扶14個村。\n");
    const hant = await check(dir, "hant.md", "--year", "2022");
    expect(
      hant.json.figures.map((figure) => [figure.text, figure.verdict, figure.record?.text]),
    ).toEqual([
      ["25.3萬元", "disagrees", "25萬元"],
      ["14個", "agrees", "14個"],
    ]);
    // The seed with its ten changes, in Simplified characters: the same ten, by their words.
    const seed = await readFile(seedPath, "utf8");
    const changed = seed
      .replace("60名白", "62名白")
      .replace("580位", "585位")
      .replace("2500冊", "2000冊")
      .replace("撥出資金25萬元", "撥出資金25.3萬元");
    const OpenCC = await import("opencc-js");
    await writeFile(
      path.join(dir, "hans.txt"),
      OpenCC.Converter({ from: "tw", to: "cn" })(changed),
    );
    const hans = await check(dir, "hans.txt", "--year", "2022");
    expect(hans.code).toBe(1);
    expect(
      hans.json.figures
        .filter((figure) => figure.verdict !== "agrees")
        .map((figure) => [figure.text, figure.verdict, figure.record?.text]),
    ).toEqual([
      ["62名", "disagrees", "60名"],
      ["25.3万元", "disagrees", "25萬元"],
      ["585位", "disagrees", "580位"],
      ["2000册", "disagrees", "2500冊"],
    ]);
  });

  it.each([
    [
      "charity",
      "2024",
      [
        ["412380.5元", "412830.5元"],
        ["7个", "9个"],
        ["5600多人次", "6500多人次"],
      ],
    ],
    [
      "foundation-tw",
      "2024",
      [
        ["2,864人次", "2,684人次"],
        ["增長13.8%", "增長18.3%"],
        ["NT$386萬元", "NT$368萬元"],
      ],
    ],
    [
      "library",
      "2024",
      [
        ["148,230 visits", "148,320 visits"],
        ["down 2.1%", "down 1.2%"],
        ["18,940 people", "19,840 people"],
      ],
    ],
  ])(
    "checks a draft of the %s example in its language the same way",
    async (name, year, changes) => {
      const dir = await builtCopy(name);
      const clean = await check(dir, `out/${year}/report.md`);
      expect(clean.code).toBe(0);
      expect(clean.json.figures.filter((figure) => figure.verdict !== "agrees")).toEqual([]);
      const draft = path.join(dir, "draft.md");
      await copyFile(path.join(dir, `out/${year}/report.md`), draft);
      for (const [from, to] of changes) await edit(draft, from as string, to as string);
      const changed = await check(dir, "draft.md");
      expect(changed.code).toBe(1);
      expect(changed.json.counts.disagrees).toBe(3);
      expect([changed.json.counts.unknown, changed.json.counts.ambiguous]).toEqual([0, 0]);
    },
  );

  it.each(
    inject("built")
      .filter((built) => built.theme === "default")
      .flatMap((built) => built.years.map((year) => ({ name: built.name, year }))),
  )(
    "finds report.md and report.docx of $name $year in agreement with its records",
    async ({ name, year }) => {
      const dir = await builtCopy(name);
      for (const file of [`out/${year}/report.md`, `out/${year}/report.docx`]) {
        const { code, json } = await check(dir, file, "--year", year);
        expect(code, file).toBe(0);
        expect(
          json.figures
            .filter((figure) => figure.verdict !== "agrees")
            .map((figure) => `${figure.draft.place} ${figure.text}: ${figure.verdict}`),
          file,
        ).toEqual([]);
      }
    },
  );

  it("calls a figure ambiguous when two records hold it and the words do not say which", async () => {
    const dir = await builtCopy("2022");
    await writeFile(path.join(dir, "short.md"), "# 其他\n\n全年比例為100%。\n");
    const { code, json } = await check(dir, "short.md", "--year", "2022");
    expect(code).toBe(0);
    expect(json.figures.map((figure) => figure.verdict)).toEqual(["ambiguous"]);
    expect(
      ((json.figures[0]?.candidates ?? []) as Array<{ sources: string[] }>)
        .flatMap((candidate) => candidate.sources)
        .sort(),
    ).toEqual([
      "data/2022/proposals.yaml:8 reply_rate",
      "data/2022/proposals.yaml:9 satisfaction_rate",
    ]);
  });

  it("reads an HTML draft: headings, paragraphs and the rows of a table", async () => {
    const dir = await builtCopy("2022");
    await writeFile(
      path.join(dir, "draft.html"),
      "<!doctype html><title>x</title><script>var a = 999;</script><h2>推進民主監督</h2><p>全年收到委員提案<b>142</b>件,形成3件重點提案。</p><table><tr><th>項目</th><th>金額</th></tr><tr><td><p>白內障患者定向補助</p></td><td><p>2.5萬元</p></td></tr></table>",
    );
    const { code, json } = await check(dir, "draft.html", "--year", "2022");
    expect(code).toBe(1);
    expect(json.figures.map((figure) => [figure.draft.place, figure.text, figure.verdict])).toEqual(
      [
        ["draft.html ¶2", "142件", "agrees"],
        ["draft.html ¶2", "3件", "agrees"],
        ["draft.html ¶4", "2.5萬元", "disagrees"],
      ],
    );
    expect(json.figures[2]?.record?.text).toBe("2.4萬元");
  });

  it("lists figures no record holds as unknown, with the figures.yaml entry each would take", async () => {
    const dir = await builtCopy("2022");
    await writeFile(
      path.join(dir, "extra.md"),
      "# 補充材料\n\n全年新增委員活動室7個,開展義診活動36場次,惠及群眾約5000人次,籌集善款120.5萬元。\n\n全年收到委員提案142件。\n",
    );
    const { code, json } = await check(dir, "extra.md", "--year", "2022");
    expect(code).toBe(0);
    expect(json.figures.map((figure) => [figure.verdict, figure.text, figure.draft.place])).toEqual(
      [
        ["unknown", "7個", "extra.md:3"],
        ["unknown", "36場次", "extra.md:3"],
        ["unknown", "約5000人次", "extra.md:3"],
        ["unknown", "120.5萬元", "extra.md:3"],
        ["agrees", "142件", "extra.md:5"],
      ],
    );
    expect(json.figures[0]?.yaml).toBe(
      "- id: figure_p2_9\n  label: 全年新增委員活動室\n  value: 7\n  unit: 個",
    );
    expect(json.figures[2]?.yaml).toContain(
      "value:\n    about: 5000\n    wording: 約\n  unit: 人次",
    );
    expect(json.figures[3]?.yaml).toContain("label: 籌集善款\n  amount: 1205000");
  });

  it("reads a draft in GBK (with --encoding) and in UTF-16", async () => {
    const dir = await builtCopy("2022");
    const text = "全年收到委員提案142件,形成3件重點提案。\n";
    await writeFile(path.join(dir, "gbk.txt"), iconv.encode(text, "gb18030"));
    await writeFile(path.join(dir, "utf16.txt"), iconv.encode(text, "utf-16le", { addBOM: true }));
    const gbk = await check(dir, "gbk.txt", "--year", "2022", "--encoding", "gb18030");
    expect(gbk.json.counts).toEqual({ agrees: 2, disagrees: 0, unknown: 0, ambiguous: 0 });
    const utf16 = await check(dir, "utf16.txt", "--year", "2022");
    expect(utf16.json.counts).toEqual({ agrees: 2, disagrees: 0, unknown: 0, ambiguous: 0 });
    const refused = await cli(dir, "check", "gbk.txt", "--year", "2022", "--no-html");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("gbk.txt");
  });

  it("names the draft when it cannot be read", async () => {
    const dir = await builtCopy("2022");
    const missing = await cli(dir, "check", "draft.docx", "--year", "2022");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("draft.docx: no such file");
    await writeFile(path.join(dir, "draft.pdf"), "%PDF-1.7");
    const pdf = await cli(dir, "check", "draft.pdf", "--year", "2022");
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toContain("expected a draft saved as .docx, .md, .txt or .html");
    await writeFile(path.join(dir, "broken.docx"), "not a zip");
    const broken = await cli(dir, "check", "broken.docx", "--year", "2022");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("broken.docx: expected a Word document");
    await mkdir(path.join(dir, "folder.md"));
    const folder = await cli(dir, "check", "folder.md", "--year", "2022");
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain("folder.md: expected a file, found a folder");
    // A draft is a report's, not a table of a hundred thousand numbers: refused at its line.
    await writeFile(path.join(dir, "numbers.txt"), `標題\n${"1件,".repeat(30_000)}\n`);
    const many = await cli(dir, "check", "numbers.txt", "--year", "2022");
    expect(many.code).toBe(1);
    expect(many.stderr).toContain(
      "numbers.txt:2:1 error expected a report's draft of at most 20,000 figures, found more by line 2",
    );
  });

  it("writes the draft as a page with each figure marked, beside the report", async () => {
    const dir = await builtCopy("2022");
    const draft = path.join(dir, "draft.txt");
    await copyFile(seedPath, draft);
    await edit(draft, "142件", "124件");
    const run = await cli(dir, "check", "draft.txt", "--year", "2022");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ disagrees  draft.txt:20  124件\n      the records give 142件");
    expect(run.stderr).toContain(
      "26 figures in draft.txt checked against the records of 2022: 25 agree, 1 disagree",
    );
    const file = path.join(dir, "out/2022/draft.txt.check.html");
    const page = await readFile(file, "utf8");
    const validator = new HtmlValidate(
      new FileSystemConfigLoader({ extends: ["html-validate:standard"] }),
    );
    const report = await validator.validateFile(file);
    expect(report.results.flatMap((result) => result.messages.map((m) => m.message))).toEqual([]);
    expect(page).toContain('<html lang="zh-Hant">');
    expect(page.match(/<mark class="agrees"/g)?.length).toBe(26);
    expect(page).toMatch(
      /<mark class="disagrees" title="the records give 142件 ← data\/2022\/proposals.yaml:4 received">124件<\/mark>/,
    );
  });

  it("writes a narrative from the seed that builds and says every sentence of it, and keeps the old one", async () => {
    const dir = await builtCopy("2022");
    const target = path.join(dir, "data/2022/narrative.yaml");
    const before = await readFile(target, "utf8");
    const refused = await cli(
      dir,
      "check",
      seedPath,
      "--year",
      "2022",
      "--write-narrative",
      "--no-html",
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("data/2022/narrative.yaml exists already");
    expect(await readFile(target, "utf8")).toBe(before);

    const written = await cli(
      dir,
      "check",
      seedPath,
      "--year",
      "2022",
      "--write-narrative",
      "--force",
      "--no-html",
    );
    expect(written.code).toBe(0);
    expect(await readFile(`${target}.bak`, "utf8")).toBe(before);
    const narrative = await readFile(target, "utf8");
    expect(narrative).toContain(
      "累計為洛江區{{people relief.programmes.cataract.beneficiaries}}提供定向補助{{money relief.programmes.cataract.amount}}",
    );
    expect(narrative).toContain('全年收到委員提案{{count proposals.received "件"}}');
    expect(narrative.match(/^ {2}- id: section_\d$/gm)?.length).toBe(5);

    const build = await cli(dir, "build", "2022", "--format", "md");
    expect(build.code).toBe(0);
    const markdown = await readFile(path.join(dir, "out/2022/report.md"), "utf8");
    const seed = await readFile(seedPath, "utf8");
    // The title (report.yaml's) and the headings (split in two lines in the seed) aside, every
    // sentence of the seed is in the report built from the narrative.
    const sentences = seed
      .split("\n")
      .filter((line) => /[。,]/.test(line))
      .flatMap((line) => line.split(/(?<=[。;])/))
      .map((sentence) => sentence.trim())
      .filter(Boolean);
    expect(sentences.length).toBeGreaterThan(40);
    expect(sentences.filter((sentence) => !markdown.includes(sentence))).toEqual([]);
  });
});
