import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configFileName } from "../src/schema/config.js";
import { cli, root } from "./support.js";

const exec = promisify(execFile);

async function emptyFolder(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "report-project-"));
}

describe("report new", () => {
  it("makes a project that builds at once, from its own folder", async () => {
    const parent = await emptyFolder();
    const made = await cli(
      parent,
      "new",
      "annual",
      "--organisation",
      "青山社區基金會",
      "--year",
      "2031",
    );
    expect(made.code, made.stderr).toBe(0);
    const project = path.join(parent, "annual");
    expect((await readdir(project)).sort()).toEqual(
      [
        ".github",
        ".gitignore",
        ".markdownlint-cli2.jsonc",
        "README.md",
        "data",
        configFileName,
        "package.json",
        "schemas",
      ].sort(),
    );
    // The starter's kinds of records, moved to the year asked for.
    const starterYears = (await readdir(path.join(root, "examples/starter/data"))).sort();
    expect((await readdir(path.join(project, "data/2031"))).sort()).toEqual(
      (await readdir(path.join(root, "examples/starter/data", starterYears.at(-1) ?? ""))).sort(),
    );
    const readme = await readFile(path.join(project, "README.md"), "utf8");
    expect(readme).toContain("npx --no report build 2031");
    expect(readme).toContain("npx --no report init 2032");
    const config = parse(await readFile(path.join(project, configFileName), "utf8"));
    expect(config.organisation).toBe("青山社區基金會");
    const report = parse(await readFile(path.join(project, "data/2031/report.yaml"), "utf8"));
    expect(report).toMatchObject({ organisation: "青山社區基金會", year: 2031 });

    // From a folder inside the project too: the project is found upwards.
    const built = await cli(path.join(project, "data"), "build", "2031", "--format", "md,html");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(project, "out/2031/report.md"), "utf8");
    expect(markdown).toContain("\ntitle: 青山社區基金會");
    expect(built.stderr).not.toMatch(/warning/);
    // The project's own scripts, as written (npm run validate, npm run build): no year named,
    // every year the records keep.
    const { scripts } = JSON.parse(await readFile(path.join(project, "package.json"), "utf8"));
    for (const script of [scripts.validate, scripts.build] as string[]) {
      const [command, ...args] = script.split(" ");
      expect(command).toBe("report");
      const ran = await cli(project, ...args);
      expect(ran.code, `${script}: ${ran.stderr}`).toBe(0);
      expect(ran.stderr).toContain("2031");
    }
    expect((await readdir(path.join(project, "out/2031"))).sort()).toEqual(
      ["charts", "report.html", "report.md", "report.pdf"].sort(),
    );
    // markdownlint finds the project's settings by itself, and the report meets them.
    const lint = path.join(root, "node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs");
    const linted = await exec(process.execPath, [lint, "out/2031/report.md"], { cwd: project });
    expect(`${linted.stdout}${linted.stderr}`).toMatch(/Summary: 0 error\(s\)/);
  });

  it("refuses a folder that is not empty", async () => {
    const parent = await emptyFolder();
    await writeFile(path.join(parent, "notes.txt"), "keep me");
    const refused = await cli(parent, "new", ".");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not empty/);
    expect(await readFile(path.join(parent, "notes.txt"), "utf8")).toBe("keep me");
  });
});

describe("report new, for any organisation", () => {
  const combinations = ["committee", "charity", "blank"].flatMap((preset) =>
    ["zh-Hant", "zh-Hans", "en", "zh-TW", "zh-HK", "zh-CN", "en-US"].map((language) => ({
      preset,
      language,
    })),
  );
  // The tag each --language writes into report.yaml: `en` is British English, as it always was.
  const tags: Record<string, string> = { en: "en-GB" };

  it.each(combinations)(
    "$preset in $language builds at once, named after the organisation, without a warning",
    async ({ preset, language }) => {
      const parent = await emptyFolder();
      const made = await cli(
        parent,
        "new",
        "reports",
        "--preset",
        preset,
        "--language",
        language,
        "--organisation",
        "溪口街道慈善協會",
        "--short-name",
        "溪口慈協",
        "--year",
        "2031",
      );
      expect(made.code, made.stderr).toBe(0);
      expect(made.stderr).toContain("&& report build 2031");
      const project = path.join(parent, "reports");
      const report = parse(await readFile(path.join(project, "data/2031/report.yaml"), "utf8"));
      expect(report).toMatchObject({
        organisation: "溪口街道慈善協會",
        short_name: "溪口慈協",
        year: 2031,
      });
      expect(report.language).toBe(tags[language] ?? language);
      // Nothing of the sample organisation is left where the new one's names belong.
      for (const name of await readdir(path.join(project, "data/2031"))) {
        const text = await readFile(path.join(project, "data/2031", name), "utf8");
        expect(text, name).not.toMatch(
          /青山縣政協|青山县政协|政協青山縣|政协青山县|青山区慈善总会|青山區慈善總會|青禾|Northgate|Harbour District|Maple Falls/,
        );
      }
      const manifest = JSON.parse(await readFile(path.join(project, "package.json"), "utf8"));
      const own = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
      expect(manifest.dependencies).toEqual({ [own.name]: own.version });

      const built = await cli(project, "build", "2031", "--format", "md,html");
      expect(built.code, built.stderr).toBe(0);
      expect(built.stderr).not.toMatch(/warning/);
      const markdown = await readFile(path.join(project, "out/2031/report.md"), "utf8");
      expect(markdown).toContain("溪口街道慈善協會");
      // A Simplified report is Simplified throughout, but for the names as the user typed them.
      if (language === "zh-Hans" || language === "zh-CN") {
        const own = markdown.split("溪口街道慈善協會").join("").split("溪口慈協").join("");
        expect(own).not.toMatch(/[會區縣協議與對員報]/);
      }
    },
  );

  it("replaces each sample name once, even by names that hold one", async () => {
    const parent = await emptyFolder();
    // The sample charity's own names, and a short name that is part of the full one.
    const made = await cli(
      parent,
      "new",
      "same",
      "--preset",
      "charity",
      "--language",
      "zh-Hans",
      "--organisation",
      "青山区慈善总会",
      "--short-name",
      "区慈善总会",
      "--year",
      "2031",
    );
    expect(made.code, made.stderr).toBe(0);
    const report = parse(await readFile(path.join(parent, "same/data/2031/report.yaml"), "utf8"));
    expect(report.organisation).toBe("青山区慈善总会");
    expect(report.short_name).toBe("区慈善总会");
    expect(report.subject).toBe("青山区慈善总会2031年度工作总结");
  });

  it("writes each region's currency, calendar, quotation marks and paper", async () => {
    const parent = await emptyFolder();
    const made = async (dir: string, preset: string, language: string) => {
      const result = await cli(
        parent,
        "new",
        dir,
        "--preset",
        preset,
        "--language",
        language,
        "--year",
        "2031",
      );
      expect(result.code, result.stderr).toBe(0);
      const project = path.join(parent, dir);
      const built = await cli(project, "build", "2031", "--format", "md,pdf");
      expect(built.code, built.stderr).toBe(0);
      const pdf = path.join(project, "out/2031/report.pdf");
      return {
        report: parse(await readFile(path.join(project, "data/2031/report.yaml"), "utf8")),
        config: await readFile(path.join(project, configFileName), "utf8"),
        markdown: await readFile(path.join(project, "out/2031/report.md"), "utf8"),
        paper: /Page size:\s+(.*)/.exec((await exec("pdfinfo", [pdf])).stdout)?.[1],
      };
    };

    // Taiwan: New Taiwan dollars, years counted from 1912 (2031 is 120年), 「」, A4.
    const taiwan = await made("tw", "charity", "zh-TW");
    expect(taiwan.report).toMatchObject({
      language: "zh-TW",
      currency: "TWD",
      calendar: "roc",
      title: "120年度工作成果報告",
    });
    expect(taiwan.markdown).toContain(
      "title: 財團法人青禾社會福利慈善事業基金會 120年度工作成果報告",
    );
    expect(taiwan.markdown).toContain("NT$");
    expect(taiwan.markdown).toContain("「");
    expect(taiwan.markdown).not.toMatch(/20[23]\d年/);
    expect(taiwan.paper).toMatch(/^594\.96 x 841\.92 pts \(A4\)/);

    // Hong Kong: Hong Kong dollars, the Gregorian year, 「」, A4.
    const hongKong = await made("hk", "committee", "zh-HK");
    expect(hongKong.report).toMatchObject({
      language: "zh-HK",
      currency: "HKD",
      title: "2031年度履職回眸",
    });
    expect(hongKong.report.calendar).toBeUndefined();
    expect(hongKong.markdown).toContain("「");
    expect(hongKong.markdown).not.toContain("“");

    // The United States: dollars, “”, Letter with inch margins, the config saying so.
    const us = await made("us", "blank", "en-US");
    expect(us.report).toMatchObject({ language: "en-US", currency: "USD" });
    expect(us.paper).toMatch(/^612 x 792 pts \(letter\)/);
    expect(us.config).toMatch(/en-US: Letter/);

    // Britain: pounds, A4.
    const britain = await made("gb", "blank", "en-GB");
    expect(britain.report).toMatchObject({ language: "en-GB", currency: "GBP" });
    expect(britain.paper).toMatch(/^594\.96 x 841\.92 pts \(A4\)/);
  });

  it("gives the project its own CI: a tag builds that year's PDF for a release", async () => {
    const parent = await emptyFolder();
    expect((await cli(parent, "new", "gh", "--year", "2031")).code).toBe(0);
    const workflow = parse(
      await readFile(path.join(parent, "gh/.github/workflows/report.yml"), "utf8"),
    );
    expect(workflow.on.push.tags).toEqual(expect.arrayContaining(["report-*"]));
    const steps = workflow.jobs.release.steps.map((step: { run?: string }) => step.run ?? "");
    expect(steps.join("\n")).toMatch(/npx --no report build "\$year"/);
    expect(steps.join("\n")).toMatch(/gh release upload/);
    expect(
      workflow.jobs.validate.steps.map((step: { run?: string }) => step.run ?? "").join("\n"),
    ).toMatch(/npx --no report validate/);

    expect((await cli(parent, "new", "gl", "--ci", "gitlab", "--year", "2031")).code).toBe(0);
    const gitlab = parse(await readFile(path.join(parent, "gl/.gitlab-ci.yml"), "utf8"));
    expect(gitlab.pdf.rules[0].if).toMatch(/CI_COMMIT_TAG/);
    expect(gitlab.pdf.script.join("\n")).toMatch(/npx --no report build "\$year"/);
    expect(gitlab.release.release.assets.links[0].name).toBe("report-$YEAR.pdf");

    expect((await cli(parent, "new", "none", "--ci", "none", "--year", "2031")).code).toBe(0);
    expect(await readdir(path.join(parent, "none"))).not.toContain(".github");
  });
});
