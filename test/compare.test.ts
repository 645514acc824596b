import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
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

const record = async (dir: string, year: number, file: string) =>
  parse(await readFile(path.join(dir, "data", String(year), file), "utf8"));

/** 比上年增長 12.5% as the report writes it, from two figures. */
function change(previous: number, current: number): string {
  if (current === previous) return "與上年持平";
  const percent = `${Number(((Math.abs(current - previous) / previous) * 100).toFixed(1))}%`;
  return current > previous ? `比上年增長${percent}` : `比上年減少${percent}`;
}

describe("year over year", () => {
  it("compares with last year's records: figures, new and dropped programmes", async () => {
    const dir = await starter();
    const built = await cli(dir, "build", "2025", "-f", "md,html");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(dir, "out/2025/report.md"), "utf8");

    const [before, now] = [
      await record(dir, 2024, "proposals.yaml"),
      await record(dir, 2025, "proposals.yaml"),
    ];
    const [issuedBefore, issuedNow] = [
      (await record(dir, 2024, "social-conditions.yaml")).issued,
      (await record(dir, 2025, "social-conditions.yaml")).issued,
    ];
    expect(markdown).toContain(
      `與2024年相比,收到提案${change(before.received, now.received)},報送社情民意信息${change(issuedBefore, issuedNow)}。`,
    );

    const relief = async (year: number) => (await record(dir, year, "relief.yaml")).programmes;
    type Programme = {
      id: string;
      name: string;
      amount?: unknown;
      beneficiaries?: Array<{ count?: number }>;
    };
    const exact = (list: Programme[]) =>
      list.reduce((sum, item) => sum + (typeof item.amount === "number" ? item.amount : 0), 0);
    const people = (list: Programme[]) =>
      list.reduce(
        (sum, item) => sum + (item.beneficiaries ?? []).reduce((n, g) => n + (g.count ?? 0), 0),
        0,
      );
    const [old, current] = [await relief(2024), await relief(2025)];
    const added = current.filter(
      (item: Programme) => !old.some((o: Programme) => o.id === item.id),
    );
    const dropped = old.filter(
      (item: Programme) => !current.some((c: Programme) => c.id === item.id),
    );
    expect(added.length).toBeGreaterThan(0);
    expect(dropped.length).toBeGreaterThan(0);
    expect(markdown).toContain(
      `與2024年相比,救助資金(確數)${change(exact(old), exact(current))},幫扶人數${change(people(old), people(current))}。` +
        `新增項目:${added.map((item: Programme) => item.name).join("、")}。` +
        `不再開展:${dropped.map((item: Programme) => item.name).join("、")}。`,
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
