/**
 * The files `report new` writes around the records: the project's package.json, its README for
 * the people who keep the records, and its own CI (GitHub Actions or GitLab CI) that validates
 * every push and builds the year a tag names into a PDF attached to a release.
 */

/** The npm name of this tool; the command it installs is `report`. */
export const packageName = "annual-report-builder";

export function projectPackage(options: {
  name: string;
  organisation: string;
  version: string;
}): string {
  return `${JSON.stringify(
    {
      name: options.name,
      private: true,
      description: `${options.organisation}: annual reports built from records`,
      scripts: {
        validate: "report validate",
        build: "report build",
        serve: "report serve",
      },
      dependencies: { [packageName]: options.version },
      engines: { node: ">=20" },
    },
    null,
    2,
  )}\n`;
}

/** A name npm accepts for the project's package.json, from its folder's name. */
export function packageNameOf(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-._]+|[-._]+$/g, "");
  return name || "annual-report";
}

/** The words of a project's README in each language; the Simplified one in mainland usage. */
const readmeTexts = {
  en: {
    title: (organisation: string) => `# ${organisation}: annual reports`,
    intro: `The records of each year are in \`data/<year>/\`, one YAML file per kind of record. The reports
are made from them by [${packageName}](https://www.npmjs.com/package/${packageName}) (the
\`report\` command) and written to \`out/<year>/\` as Markdown, HTML and PDF.`,
    install: `## Install, once

Node.js 20 or later, and Chrome, Chromium or Edge to print the PDF.

    npm install

(Or, from a copy of the tool: \`npm install ./${packageName}-<version>.tgz\`.)`,
    yearly: "## Each year",
    serve: "preview in the browser, updated as you edit",
    validate: "check the records; writes nothing",
    build: (year: number) => `out/${year}/report.md, report.html, report.pdf`,
    init: "next year, started from this one (fill in the TODOs)",
    sheets: (
      command: string,
      file: string,
    ) => `Ledgers kept in Excel, WPS or as CSV (proposals, relief, activities, figures) become records:

    ${command}

\`--into\` is proposals, relief, activities or figures; columns are found by their headers, a
problem is named at its cell (\`${file}!Sheet1!C7\`) and then nothing is written; \`--force\`
replaces a records file that is there, keeping it as \`.bak\`.`,
    after: (
      year: number,
    ) => `\`--no\` makes npx run this project's own \`report\`, never download a package of that name.
Every figure in the prose comes from the records: change a number in \`data/${year}/\` and the
report follows. \`schemas/\` lets VS Code (with its YAML extension) complete and check the
records as you type.`,
    publish: (year: number, service: string) => `## Publish

Push a tag naming the year, \`report-${year}\`: ${service} builds
that year and attaches \`report-${year}.pdf\` to a release. Every other push is validated.`,
    ledger: "ledger.xlsx",
  },
  "zh-Hant": {
    title: (organisation: string) => `# ${organisation}年度報告`,
    intro: `每年的紀錄在 \`data/<年度>/\`,每類紀錄一個 YAML 檔。報告由
[${packageName}](https://www.npmjs.com/package/${packageName})(\`report\` 命令)
依紀錄生成,寫到 \`out/<年度>/\`:Markdown、HTML 和 PDF。`,
    install: `## 安裝(一次)

需要 Node.js 20 以上,以及列印 PDF 用的 Chrome、Chromium 或 Edge。

    npm install

(或從工具的套件檔安裝:\`npm install ./${packageName}-<版本>.tgz\`。)`,
    yearly: "## 每年",
    serve: "在瀏覽器預覽,邊改邊看",
    validate: "檢查紀錄,不寫檔",
    build: (year: number) => `out/${year}/report.md、report.html、report.pdf`,
    init: "由今年的紀錄開始下一年(逐項填上 TODO)",
    sheets: (
      command: string,
      file: string,
    ) => `Excel、WPS 或 CSV 裡的台賬(提案、救助、活動、數字)可以直接轉成紀錄:

    ${command}

\`--into\` 可以是 proposals、relief、activities 或 figures;欄位由表頭認出,有問題時指出儲存格
(如 \`${file}!工作表1!C7\`),一處有錯就甚麼都不寫;\`--force\` 取代已有的紀錄檔,原檔留作 \`.bak\`。`,
    after: (
      year: number,
    ) => `\`--no\` 讓 npx 只用本專案的 \`report\`,不會下載同名的其他套件。正文裡的數字都取自紀錄:
改了 \`data/${year}/\` 裡的數字,報告處處跟著改。VS Code 裝了 YAML 擴充後,\`schemas/\`
會在輸入時補全並檢查紀錄。`,
    publish: (year: number, service: string) => `## 發布

推送以年份命名的標籤 \`report-${year}\`,${service}
即建出該年度的報告,並把 \`report-${year}.pdf\` 附在發布(release)上。其他每次推送都會檢查紀錄。`,
    ledger: "台賬.xlsx",
  },
  "zh-Hans": {
    title: (organisation: string) => `# ${organisation}年度报告`,
    intro: `每年的记录在 \`data/<年度>/\`,每类记录一个 YAML 文件。报告由
[${packageName}](https://www.npmjs.com/package/${packageName})(\`report\` 命令)
根据记录生成,写到 \`out/<年度>/\`:Markdown、HTML 和 PDF。`,
    install: `## 安装(一次)

需要 Node.js 20 以上,以及打印 PDF 用的 Chrome、Chromium 或 Edge。

    npm install

(或从工具的安装包安装:\`npm install ./${packageName}-<版本>.tgz\`。)`,
    yearly: "## 每年",
    serve: "在浏览器预览,边改边看",
    validate: "检查记录,不写文件",
    build: (year: number) => `out/${year}/report.md、report.html、report.pdf`,
    init: "从今年的记录开始下一年(逐项填上 TODO)",
    sheets: (
      command: string,
      file: string,
    ) => `Excel、WPS 或 CSV 里的台账(提案、救助、活动、数字)可以直接转成记录:

    ${command}

\`--into\` 可以是 proposals、relief、activities 或 figures;列由表头认出,有问题时指出单元格
(如 \`${file}!Sheet1!C7\`),一处有错就什么都不写;\`--force\` 替换已有的记录文件,原文件留作 \`.bak\`。`,
    after: (
      year: number,
    ) => `\`--no\` 让 npx 只用本项目的 \`report\`,不会下载同名的其他软件包。正文里的数字都取自记录:
改了 \`data/${year}/\` 里的数字,报告处处跟着改。VS Code 装了 YAML 扩展后,\`schemas/\`
会在输入时补全并检查记录。`,
    publish: (year: number, service: string) => `## 发布

推送以年份命名的标签 \`report-${year}\`,${service}
即生成该年度的报告,并把 \`report-${year}.pdf\` 附在发布(release)上。其他每次推送都会检查记录。`,
    ledger: "台账.xlsx",
  },
} as const;

export function projectReadme(options: {
  organisation: string;
  year: number;
  language: "zh-Hant" | "zh-Hans" | "en";
  ci: "github" | "gitlab" | "none";
  /** The records its ledgers most likely fill: a committee's proposals, a charity's relief. */
  ledger: "proposals" | "relief" | "activities";
}): string {
  const { organisation, year, ci } = options;
  const texts = readmeTexts[options.language];
  const service =
    ci === "github"
      ? "GitHub Actions (`.github/workflows/report.yml`)"
      : "GitLab CI (`.gitlab-ci.yml`)";
  const commands = [
    [`serve ${year}`, texts.serve],
    [`validate ${year}`, texts.validate],
    [`build ${year}`, texts.build(year)],
    [`init ${year + 1}`, texts.init],
  ].map(([command, what]) => [`npx --no report ${command}`, what] as const);
  const width = Math.max(...commands.map(([command]) => command.length));
  const lines = commands
    .map(([command, what]) => `    ${command.padEnd(width)}  # ${what}`)
    .join("\n");
  return [
    texts.title(organisation),
    texts.intro,
    texts.install,
    `${texts.yearly}\n\n${lines}`,
    texts.after(year),
    texts.sheets(
      `npx --no report import ${texts.ledger} --into ${options.ledger} --year ${year} --force`,
      texts.ledger,
    ),
    ...(ci === "none"
      ? []
      : [`${texts.publish(year, service)}\n\n    git tag report-${year} && git push --tags`]),
  ]
    .join("\n\n")
    .concat("\n");
}

/** The GitHub Actions workflow of a report project. */
export function githubWorkflow(): string {
  return `# Validates the records on every push; on a tag report-<year> (or v<year>, or v* for the
# latest year) builds that year and attaches the PDF to the tag's release.
name: report

on:
  push:
    branches: ["**"]
    tags: ["report-*", "v*"]
  pull_request:

permissions:
  contents: write

jobs:
  validate:
    if: github.ref_type != 'tag'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: if [ -f package-lock.json ]; then npm ci; else npm install; fi
      - name: Validate every year
        run: npx --no report validate $(ls data | grep -E '^[0-9]{4}$')

  release:
    if: github.ref_type == 'tag'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: A browser to print the PDF
        run: |
          if ! command -v google-chrome >/dev/null && ! command -v chromium >/dev/null; then
            sudo apt-get update && sudo apt-get install -y chromium
          fi
      - run: if [ -f package-lock.json ]; then npm ci; else npm install; fi
      - name: Build the year the tag names
        run: |
          year="$(echo "$GITHUB_REF_NAME" | grep -oE '[0-9]{4}' | head -n 1)"
          [ -n "$year" ] || year="$(ls data | grep -E '^[0-9]{4}$' | sort | tail -n 1)"
          # The PDF carries the tagged commit's date: the same tag gives the same bytes.
          export SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"
          npx --no report build "$year"
          cp "out/$year/report.pdf" "report-$year.pdf"
          echo "YEAR=$year" >> "$GITHUB_ENV"
      - name: Attach the PDF to the release
        env:
          GH_TOKEN: \${{ github.token }}
        run: |
          gh release view "$GITHUB_REF_NAME" >/dev/null 2>&1 \\
            || gh release create "$GITHUB_REF_NAME" --title "Report $YEAR" --notes "Built from $GITHUB_SHA"
          gh release upload "$GITHUB_REF_NAME" "report-$YEAR.pdf" --clobber
`;
}

/** The GitLab CI configuration of a report project. */
export function gitlabCi(): string {
  return `# Validates the records on every push; on a tag report-<year> (or v<year>, or v* for the
# latest year) builds that year and attaches the PDF to the tag's release.
image: node:20-bookworm

stages: [check, build, release]

validate:
  stage: check
  rules:
    - if: $CI_COMMIT_TAG == null
  script:
    - if [ -f package-lock.json ]; then npm ci; else npm install; fi
    - npx --no report validate $(ls data | grep -E '^[0-9]{4}$')

pdf:
  stage: build
  rules:
    - if: $CI_COMMIT_TAG =~ /^(report-|v)/
  script:
    - apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
    - if [ -f package-lock.json ]; then npm ci; else npm install; fi
    - year="$(echo "$CI_COMMIT_TAG" | grep -oE '[0-9]{4}' | head -n 1)"
    - if [ -z "$year" ]; then year="$(ls data | grep -E '^[0-9]{4}$' | sort | tail -n 1)"; fi
    # The PDF carries the tagged commit's date: the same tag gives the same bytes.
    - export SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"
    - npx --no report build "$year"
    - cp "out/$year/report.pdf" "report-$year.pdf"
    - echo "YEAR=$year" > build.env
  artifacts:
    paths: ["report-*.pdf"]
    expire_in: never
    reports:
      dotenv: build.env

release:
  stage: release
  image: registry.gitlab.com/gitlab-org/release-cli:latest
  rules:
    - if: $CI_COMMIT_TAG =~ /^(report-|v)/
  needs: [pdf]
  script:
    - echo "Releasing report-$YEAR.pdf"
  release:
    tag_name: $CI_COMMIT_TAG
    name: Report $YEAR
    description: Built from $CI_COMMIT_SHA
    assets:
      links:
        - name: report-$YEAR.pdf
          url: $CI_PROJECT_URL/-/jobs/artifacts/$CI_COMMIT_TAG/raw/report-$YEAR.pdf?job=pdf
`;
}
