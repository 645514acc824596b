import { mkdtemp, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { readYamlFile } from "../src/load/yaml-file.js";
import { cli, edit, ownCacheEachTest, workspace } from "./support.js";

/**
 * The parsed form of record files kept between runs (src/load/parsed-cache.ts): an honest
 * cache, whose every answer is the one parsing the file again would give.
 */
describe("record files kept parsed between runs", () => {
  const cache = ownCacheEachTest("report-test-parsed-");
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "report-test-records-"));
  });
  const kept = async () => {
    try {
      return (await readdir(path.join(cache(), "records"))).filter((name) => name.endsWith(".v8"));
    } catch {
      return [];
    }
  };
  const read = async (file: string) => readYamlFile(file, path.basename(file));

  it("sees every edit, even one that keeps the file's size and time", async () => {
    const file = path.join(folder, "proposals.yaml");
    await writeFile(file, "received: 142\nfiled: 138\n");
    const time = new Date("2022-12-31T12:00:00Z");
    await utimes(file, time, time);
    expect((await read(file)).value).toEqual({ received: 142, filed: 138 });
    expect(await kept()).toHaveLength(1);
    // Read again unchanged: the kept value, the same as parsing gives.
    expect((await read(file)).value).toEqual({ received: 142, filed: 138 });
    expect(await kept()).toHaveLength(1);

    // One digit changed, the size and the modification time put back as they were.
    await writeFile(file, "received: 143\nfiled: 138\n");
    await utimes(file, time, time);
    expect((await read(file)).value).toEqual({ received: 143, filed: 138 });
    expect(await kept()).toHaveLength(2);
    await writeFile(file, "received: 142\nfiled: 138\n");
    expect((await read(file)).value).toEqual({ received: 142, filed: 138 });
  });

  it("keeps the same bytes apart when the project reads them in another encoding", async () => {
    const file = path.join(folder, "report.yaml");
    // 政協 in Big5; as GB18030 the same four bytes are other characters.
    await writeFile(file, Buffer.from([0x6f, 0x3a, 0x20, 0xac, 0x46, 0xa8, 0xf3, 0x0a]));
    const big5 = await readYamlFile(file, "report.yaml", { encoding: "big5" });
    expect(big5.value).toEqual({ o: "政協" });
    expect((await readYamlFile(file, "report.yaml", { encoding: "big5" })).value).toEqual({
      o: "政協",
    });
    const gbk = await readYamlFile(file, "report.yaml", { encoding: "gb18030" });
    expect(gbk.value).not.toEqual({ o: "政協" });
    expect(await kept()).toHaveLength(2);
  });

  it("parses again a kept file that is damaged or cut short", async () => {
    const file = path.join(folder, "report.yaml");
    await writeFile(file, "organisation: 政協洛江區第六屆委員會\nyear: 2022\n");
    await read(file);
    const [name = ""] = await kept();
    const keptFile = path.join(cache(), "records", name);
    const bytes = await readFile(keptFile);
    // One byte of the value changed: its digest no longer holds.
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
    await writeFile(keptFile, bytes);
    expect((await read(file)).value).toEqual({
      organisation: "政協洛江區第六屆委員會",
      year: 2022,
    });
    await writeFile(keptFile, bytes.subarray(0, 20));
    expect((await read(file)).value).toEqual({
      organisation: "政協洛江區第六屆委員會",
      year: 2022,
    });
  });

  it("keeps no file that has an issue, and places a kept file's values at their lines", async () => {
    const warned = path.join(folder, "warned.yaml");
    await writeFile(warned, "a: 1\nb: !!binary aGVsbG8=\n");
    for (let run = 0; run < 2; run++) {
      const result = await read(warned);
      expect(result.issues.map((issue) => [issue.line, issue.message])).toEqual([
        [2, "expected plain YAML, found the tag !!binary"],
      ]);
    }
    expect(await kept()).toEqual([]);

    const sound = path.join(folder, "sound.yaml");
    await writeFile(sound, "a: 1\nlist:\n  - x\n  - y\n");
    await read(sound);
    const again = await read(sound);
    // Parsed for positions only when asked: `y` is on line 4.
    const node = again.file?.document.getIn(["list", 1], true) as { range: number[] };
    expect(again.file?.lineCounter.linePos(node.range[0] ?? 0).line).toBe(4);
  });

  it("gives a build the same messages and outputs from kept files as from parsed ones", async () => {
    const work = await workspace();
    const proposals = path.join(work, "data/2022/proposals.yaml");
    await edit(proposals, "received: 142", 'received: "many"');
    const first = await cli(work, "validate", "2022");
    const second = await cli(work, "validate", "2022");
    expect(first.code).toBe(1);
    expect(second.stderr).toBe(first.stderr);
    expect(first.stderr).toMatch(/data\/2022\/proposals\.yaml:\d+:\d+/);

    await edit(proposals, 'received: "many"', "received: 150");
    const built = await cli(work, "build", "2022", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    expect(await readFile(path.join(work, "out/2022/report.md"), "utf8")).toContain("150件");
    await edit(proposals, "received: 150", "received: 151");
    expect((await cli(work, "build", "2022", "-f", "md")).code).toBe(0);
    const markdown = await readFile(path.join(work, "out/2022/report.md"), "utf8");
    expect(markdown).toContain("151件");
    expect(markdown).not.toContain("150件");
  });
});

/** The syntax trees of narrative paragraphs and project templates, kept between runs. */
describe("template parses kept between runs", () => {
  const cache = ownCacheEachTest("report-test-templates-");

  it("sees every edit of a paragraph, and a misspelt helper after a kept parse", async () => {
    const work = await workspace();
    const narrative = path.join(work, "data/2022/narrative.yaml");
    const markdown = () => readFile(path.join(work, "out/2022/report.md"), "utf8");
    const build = async () => {
      const built = await cli(work, "build", "2022", "-f", "md");
      expect(built.code, built.stderr).toBe(0);
      return markdown();
    };
    expect(await build()).toContain("翻開2022年洛江區六屆政協");
    expect((await readdir(path.join(cache(), "template-trees"))).length).toBeGreaterThan(0);

    await edit(narrative, "翻開{{year}}年", '翻開{{count proposals.received "件"}}年');
    expect(await build()).toContain("翻開142件年洛江區六屆政協");

    await edit(
      narrative,
      '翻開{{count proposals.received "件"}}',
      '翻開{{cuont proposals.received "件"}}',
    );
    const misspelt = await cli(work, "build", "2022", "-f", "md");
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toMatch(
      /data\/2022\/narrative\.yaml:8:\d+ error unknown helper "cuont"/,
    );

    // Back to the first text: its kept parse, the same report.
    await edit(narrative, '翻開{{cuont proposals.received "件"}}年', "翻開{{year}}年");
    expect(await build()).toContain("翻開2022年洛江區六屆政協");
  });
});
