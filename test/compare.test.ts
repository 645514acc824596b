import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, root, workspace } from "./support.js";

/** A copy of the starter example: two consecutive years, 2024 and 2025. */
async function starter(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "report-starter-"));
  await cp(path.join(root, "examples/starter"), dir, {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}out`),
  });
  return dir;
}

describe("year over year", () => {
  it("compares with last year's records: figures, new and dropped programmes", async () => {
    const dir = await starter();
    const built = await cli(dir, "build", "2025", "-f", "md,html");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(dir, "out/2025/report.md"), "utf8");

    // Checked by hand against the starter's records: proposals received 80 → 86 (+7.5%),
    // reports issued 10 → 12 (+20%); relief given to the yuan 254000 → 180000 (−29.1%, the
    // 2025 donations are an "about" figure), people helped 205 → 180 (−12.2%); a programme
    // started and one dropped.
    expect(markdown).toContain(
      "與2024年相比,收到提案比上年增長7.5%,報送社情民意信息比上年增長20%。",
    );
    expect(markdown).toContain(
      "與2024年相比,救助資金(確數)比上年減少29.1%,幫扶人數比上年減少12.2%。" +
        "新增項目:委員捐資助學。不再開展:汛期受災群眾救助。",
    );
  });

  it("makes no comparison, and no error, without last year's records", async () => {
    const dir = await starter();
    const built = await cli(dir, "build", "2024", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toMatch(/warning/);
    expect(await readFile(path.join(dir, "out/2024/report.md"), "utf8")).not.toMatch(
      /比上年|與上年|相比/,
    );
  });

  it("warns and leaves the comparison out when last year's records have errors", async () => {
    const work = await workspace();
    await cp(path.join(work, "data/2022"), path.join(work, "data/2023"), { recursive: true });
    for (const name of ["report.yaml", "relief.yaml", "activities.yaml"]) {
      const file = path.join(work, "data/2023", name);
      await writeFile(
        file,
        (await readFile(file, "utf8")).replace(/\b2022(?=-\d\d|\s*$|工作)/gm, "2023"),
      );
    }
    const proposals = path.join(work, "data/2022/proposals.yaml");
    await writeFile(
      proposals,
      (await readFile(proposals, "utf8")).replace("received: 142", "received: many"),
    );
    const built = await cli(work, "build", "2023", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toMatch(
      /data\/2022 warning 2022 has 1 error; this report is not compared with it/,
    );
    expect(await readFile(path.join(work, "out/2023/report.md"), "utf8")).not.toMatch(
      /比上年|相比/,
    );
  });
});
