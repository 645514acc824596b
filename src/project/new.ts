import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument, stringify } from "yaml";
import { UsageError } from "../core/errors.js";
import type { Script } from "../core/language.js";
import { displayPath, packageRoot, packageVersion } from "../core/paths.js";
import { regionPaper } from "../model/page.js";
import { scriptConverter } from "../render/script.js";
import { configFileName } from "../schema/config.js";
import { carryOverYear } from "./carry-over.js";
import { latestYear, type Written, whatIsAt, writeSchemas } from "./commands.js";
import { inRocYears, type ProjectLanguage, type Region, regions, withRegion } from "./regions.js";
import {
  githubWorkflow,
  gitlabCi,
  packageNameOf,
  projectPackage,
  projectReadme,
} from "./scaffold.js";

/** The markdownlint settings a new project gets, under the name markdownlint-cli2 looks for. */
const markdownlintFile = ".markdownlint-cli2.jsonc";

/** What a new project starts from: a committee's records, a charity's, or nearly nothing. */
export const presets = ["committee", "charity", "blank"] as const;
export type Preset = (typeof presets)[number];
export const ciServices = ["github", "gitlab", "none"] as const;
export type CiService = (typeof ciServices)[number];

/**
 * The example project a preset copies in a language, and the sample names in it that the new
 * project's own replace. A language the example is not written in is made by converting the
 * script (Traditional ↔ Simplified), never by translating.
 */
interface Source {
  example: string;
  script?: Script;
  sample: { organisation: string; shortName: string; places: string[] };
}

const committee = {
  example: "starter",
  sample: { organisation: "政協青山縣第三屆委員會", shortName: "青山縣政協", places: ["青山縣"] },
};
const charity = {
  example: "charity",
  sample: { organisation: "青山区慈善总会", shortName: "区慈善总会", places: ["青山区"] },
};

const committeeEn = {
  example: "committee-en",
  sample: {
    organisation: "Harbour District Advisory Committee",
    shortName: "the Committee",
    places: [],
  },
};
const foundationTw = {
  example: "foundation-tw",
  sample: { organisation: "財團法人青禾社會福利慈善事業基金會", shortName: "本會", places: [] },
};

/**
 * The sample each preset starts from: by the script of the language asked for, or the region's
 * own where an example is written there (a Taiwanese foundation, a US public library).
 */
const sources: Record<
  Exclude<Preset, "blank">,
  Record<Region["writing"], Source> & Partial<Record<ProjectLanguage, Source>>
> = {
  committee: { hant: committee, hans: { ...committee, script: "hans" }, en: committeeEn },
  charity: {
    hans: charity,
    hant: { ...charity, script: "hant" },
    en: {
      example: "foodbank",
      sample: {
        organisation: "Northgate Food Bank",
        shortName: "the food bank",
        places: ["Northgate"],
      },
    },
    "zh-TW": foundationTw,
    "en-US": {
      example: "library",
      sample: {
        organisation: "Maple Falls Public Library",
        shortName: "the library",
        places: ["Maple Falls"],
      },
    },
  },
};

/** The records a preset's ledgers most likely fill, for the README's example. */
const ledgerOf = { committee: "proposals", charity: "relief", blank: "activities" } as const;

export interface NewProjectOptions {
  cwd: string;
  dir: string;
  year: number;
  organisation?: string;
  shortName?: string;
  language?: ProjectLanguage;
  preset?: Preset;
  ci?: CiService;
}

/**
 * `report new <dir>`: a project that builds at once — its config, this year's sample records
 * of the preset in the language asked for (named after the organisation), the JSON Schemas, a
 * package.json depending on this tool at the running version, a README, a .gitignore and its
 * own CI. Refuses a folder that is not empty.
 */
export async function newProject(
  options: NewProjectOptions,
): Promise<Written & { root: string; next: string }> {
  const root = path.resolve(options.cwd, options.dir);
  const show = (file: string) => displayPath(options.cwd, file);
  const there = await whatIsAt(root);
  if (there && there !== "a folder") {
    throw new UsageError(
      `${show(root)} is ${there}; report new makes a project in a new or empty folder`,
    );
  }
  if (there && (await readdir(root)).length > 0) {
    throw new UsageError(
      `${show(root)} is not empty; report new makes a project in a new or empty folder`,
    );
  }
  const language = options.language ?? "zh-Hant";
  const region = regions[language];
  const preset = options.preset ?? "committee";
  const ci = options.ci ?? "github";
  await mkdir(root, { recursive: true });
  const schemasDir = path.join(root, "schemas");
  const schemas = await writeSchemas(schemasDir);
  const target = path.join(root, "data", String(options.year));

  let organisation: string;
  let records: string[];
  let config: string;
  if (preset === "blank") {
    organisation =
      options.organisation ??
      { en: "Our Organisation", hant: "本機構", hans: "本机构" }[region.writing];
    const shortName = options.shortName ?? organisation;
    records = await writeBlankYear(target, schemasDir, {
      organisation,
      shortName,
      year: options.year,
      region,
    });
    config = configText(organisation, undefined, region);
  } else {
    const source = sources[preset][language] ?? sources[preset][region.writing];
    const example = path.join(packageRoot, "examples", source.example);
    const from = await latestYear(path.join(example, "data"));
    if (from === undefined) throw new Error(`the ${source.example} example has no records`);
    const convert = source.script ? await scriptConverter(source.script) : (text: string) => text;
    const sample = {
      organisation: convert(source.sample.organisation),
      shortName: convert(source.sample.shortName),
      places: source.sample.places.map(convert),
    };
    organisation = options.organisation ?? sample.organisation;
    const shortName = options.shortName ?? options.organisation ?? sample.shortName;
    // Each sample name by the project's own, in one pass, the longest first (the organisation
    // holds the place and the short name): a new name that holds a sample one is not replaced again.
    const names = new Map<string, string>([
      ...sample.places.map((place) => [place, shortName] as const),
      [sample.shortName, shortName],
      [sample.organisation, organisation],
    ]);
    const sampleNames = new RegExp(
      [...names.keys()]
        .sort((a, b) => b.length - a.length)
        .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("|"),
      "g",
    );
    const named = (text: string) =>
      convert(text).replace(sampleNames, (name) => names.get(name) ?? name);
    records = await carryOverYear({
      source: path.join(example, "data", String(from)),
      target,
      from,
      to: options.year,
      schemasDir,
      mode: "sample",
      transform: (name, text) => {
        const own = name === "report.yaml" ? withRegion(named(text), region) : named(text);
        return region.calendar === "roc" ? inRocYears(name, own) : own;
      },
    });
    config = configText(
      organisation,
      await readFile(path.join(example, configFileName), "utf8").catch(() => undefined),
      region,
    );
  }

  await writeFile(path.join(root, configFileName), config);
  const version = packageVersion();
  await writeFile(
    path.join(root, "package.json"),
    projectPackage({ name: packageNameOf(path.basename(root)), organisation, version }),
  );
  await writeFile(
    path.join(root, "README.md"),
    projectReadme({
      organisation,
      year: options.year,
      language: region.writing === "en" ? "en" : region.writing === "hans" ? "zh-Hans" : "zh-Hant",
      ci,
      ledger: ledgerOf[preset],
    }),
  );
  await writeFile(path.join(root, ".gitignore"), "out/\nnode_modules/\n");
  // markdownlint-cli2 finds it on its own: the rules the generated report.md is held to.
  await writeFile(
    path.join(root, markdownlintFile),
    await readFile(path.join(packageRoot, "assets", "markdownlint.jsonc"), "utf8"),
  );
  const extra: string[] = [];
  if (ci === "github") {
    const workflow = path.join(root, ".github", "workflows", "report.yml");
    await mkdir(path.dirname(workflow), { recursive: true });
    await writeFile(workflow, githubWorkflow());
    extra.push(workflow);
  } else if (ci === "gitlab") {
    const file = path.join(root, ".gitlab-ci.yml");
    await writeFile(file, gitlabCi());
    extra.push(file);
  }
  return {
    root,
    written: [configFileName, "package.json", "README.md", ".gitignore", markdownlintFile]
      .map((name) => show(path.join(root, name)))
      .concat(extra.map(show), schemas.map(show), records.map(show)),
    kept: [],
    // The command installed, whichever way it was (a release's tarball, the registry).
    next: `cd ${show(root)} && report build ${options.year}`,
  };
}

/**
 * The project's config: the organisation, and from the example's config the settings of its
 * layout (numbering, contents, theme, page); the locale and the paper follow report.yaml's
 * language.
 */
function configText(organisation: string, example: string | undefined, region: Region): string {
  const paper = regionPaper(region.language);
  const lines = [
    "# yaml-language-server: $schema=schemas/report.config.schema.json",
    "# Settings for every year of this project (docs: report --help, and the tool's docs/).",
    `# The paper follows report.yaml's language (${region.language}: ${paper}); to choose, set`,
    `# page: { size: ${paper === "A4" ? "Letter" : "A4"}, margins: 25mm }.`,
  ];
  const settings: Record<string, unknown> = { organisation };
  if (example) {
    const chosen = parseDocument(example).toJS() as Record<string, unknown> | null;
    for (const key of ["numbering", "contents_depth", "theme", "page"]) {
      if (chosen?.[key] !== undefined) settings[key] = chosen[key];
    }
  }
  return `${lines.join("\n")}\n${stringify(settings)}`;
}

/** A year of the blank preset: who publishes the report, and one section to write. */
async function writeBlankYear(
  target: string,
  schemasDir: string,
  options: { organisation: string; shortName: string; year: number; region: Region },
): Promise<string[]> {
  const { organisation, shortName, year, region } = options;
  const english = region.writing === "en";
  const roc = region.calendar === "roc";
  const comment = (file: string) =>
    `# yaml-language-server: $schema=${path.relative(target, path.join(schemasDir, file)).split(path.sep).join("/")}`;
  const report = [
    comment("report.schema.json"),
    english
      ? "# Who publishes the report, for which year, and how its figures are written."
      : "# 發布報告的機構、年度與標題,以及數字的寫法。",
    `organisation: ${JSON.stringify(organisation)}`,
    `short_name: ${JSON.stringify(shortName)}`,
    `year: ${year}`,
    `title: ${JSON.stringify(english ? `Annual Report ${year}` : `${roc ? year - 1911 : year}年度工作總結`)}`,
    `language: ${region.language}`,
    `currency: ${region.currency}`,
    ...(roc ? ["calendar: roc"] : []),
  ];
  const narrative = english
    ? [
        comment("narrative.schema.json"),
        "# The report's prose. Add the records your organisation keeps (relief.yaml, finances.yaml,",
        "# figures.yaml …: see the tool's docs/records.md) and take their figures with helpers.",
        "intro:",
        "  - |-",
        "    This report sets out what {{short_name}} did in {{year}}.",
        "sections:",
        "  - id: the_year",
        "    heading: [The year]",
        "    paragraphs:",
        "      - |-",
        "        What happened this year, and who it helped.",
      ]
    : [
        comment("narrative.schema.json"),
        "# 報告的文字。加上機構所保存的紀錄(relief.yaml、finances.yaml、figures.yaml 等,",
        "# 見工具的 docs/records.md),正文以 {{money …}} 等取用其中的數字。",
        "intro:",
        "  - |-",
        `    {{${roc ? "calendar_year" : "year"}}}年,{{short_name}}緊扣年度目標,扎實推進各項工作。`,
        "sections:",
        "  - id: the_year",
        "    heading: [年度工作]",
        "    paragraphs:",
        "      - |-",
        "        本年度的主要工作與成效。",
      ];
  const convert =
    region.writing === "hans" ? await scriptConverter("hans") : (text: string) => text;
  await mkdir(target, { recursive: true });
  // The names stay as they were given; the rest is written in the report's script.
  const written = (lines: string[]) =>
    `${lines.map((line) => (/^(organisation|short_name):/.test(line) ? line : convert(line))).join("\n")}\n`;
  const files = { "report.yaml": written(report), "narrative.yaml": written(narrative) };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(target, name), text);
  return Object.keys(files).map((name) => path.join(target, name));
}
