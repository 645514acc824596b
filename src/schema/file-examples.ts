import type { configFileName } from "./config.js";
import type { RecordFileName } from "./index.js";

/**
 * For docs/data.md: a short example of each kind of file, and the rules `report validate` checks
 * beyond the file's own fields. The test suite checks that each example passes its schema.
 */
export const fileGuides: Record<
  RecordFileName | typeof configFileName,
  { example: string; rules?: string }
> = {
  "report.yaml": {
    example: `organisation: 青山区慈善总会
short_name: 区慈善总会
year: 2024
title: 2024年度工作总结
published: "2025-01-20"
language: zh-Hans
currency: CNY`,
    rules:
      '`year` is the folder\'s year. A financial year gives `period` (`start: "2023-04"`, `end: "2024-03"`), which must start or end in `year`; every date of the records then falls inside it. `currency` is an ISO 4217 code (NTD is refused, with TWD offered). `calendar: roc` writes 2017 as 106年.',
  },
  "narrative.yaml": {
    example: `intro:
  - |-
    {{year}}年，{{short_name}}全年接受捐赠收入{{money finances.income.total}}。
sections:
  - id: people
    heading: [实施慈善项目, 把温暖送到困难群众身边]
    paragraphs:
      - 围绕助学、助医、助困，全年慈善项目支出{{money relief.exact_total}}。
    sections:
      - heading: [助学助医]
        paragraphs:
          - 资助{{people relief.programmes.student_aid.beneficiaries}}。`,
    rules:
      'Sections nest four levels deep at most (一、 → （一） → 1. → （1））; ids are unique across all of them. A figure typed into a paragraph (60名, 43.1万元, £200, 63 visits) is a warning: take it from the records, or mark a number that is not a figure with `{{plain "…"}}`.',
  },
  "activities.yaml": {
    example: `activities:
  - id: charity_day
    kind: event
    title: “中华慈善日”主题活动
    date: "2024-09-05"
  - id: inspections
    kind: inspection
    title: 專題視察
    count: 5`,
    rules:
      "Ids are unique. Dates fall inside the reporting period unless `outside_period: true`. `count` makes one record stand for several activities (視察5次) in the counts by kind.",
  },
  "relief.yaml": {
    example: `funds:
  - id: community_fund
    name: 社区慈善基金
    raised: 356869.57
    total: 282530
programmes:
  - id: community_projects
    name: 社区微公益项目
    fund: community_fund
    beneficiaries:
      - { count: 14, unit: 个, group: 社区 }
    amount: 282530
  - id: food_parcels
    name: Emergency food parcels
    beneficiaries:
      - { count: { about: 1200, wording: over }, group: households }
    items:
      - { name: food parcels, quantity: { about: 2500, wording: nearly } }`,
    rules:
      "A fund's `total` (money given out) equals its programmes' exact amounts added up, to the 分; `raised` is kept apart. A programme's `fund` names a fund of the file. In Chinese, counts and quantities need their unit (名, 戶, 冊).",
  },
  "proposals.yaml": {
    example: `session: 五屆三次會議
received: 32
filed: 30
categories: [經濟建設, 社會事業]
proposals:
  - number: 2024001
    title: 關於加快老舊小區改造的建議
    proposers: [民建雲溪支部]
    category: 社會事業
    key: true
    lead_unit: 區住建局
    answered: "2024-06-12"
    outcome: A
    satisfaction: 滿意
  - number: 2024002
    title: 關於推進全民閱讀的建議
    category: 社會事業
    status: 不予立案轉意見`,
    rules:
      "Totals published beside a ledger must agree with it (the session named by `session`, and each of `sessions`); a disagreement is an error at the total giving both figures. Proposal numbers are unique; `category` is one of `categories` when they are listed; `outcome` is one of the codes of `outcomes` (A, B, C by default); a key proposal is filed. Filed ≤ received, key ≤ filed, answered ≤ filed.",
  },
  "social-conditions.yaml": {
    example: `issued: 86
adopted: 41
endorsements: 35
reports:
  - title: 關於增設電子導向標識標牌疏導交通出行的建議
    endorsed_by: [區委, 區政府]`,
    rules:
      "`issued` is at least the reports listed; `endorsements` at least the endorsed reports listed.",
  },
  "documents.yaml": {
    example: `documents:
  - id: relief_measures
    kind: regulation
    title: 洛江政協愛心救濟項目管理辦法(暫行)`,
    rules: "Ids are unique; titles come without 《》, which the templates add.",
  },
  "delegations.yaml": {
    example: `received:
  batches: 18
  examples: [anhui_cppcc]`,
    rules:
      "`examples` name visit_received activities of activities.yaml, at most `batches` of them.",
  },
  "volunteers.yaml": {
    example: `teams:
  - id: elder_care
    name: 助老服务队
    people: 85
    hours: 4620
  - id: advice
    name: Advice volunteers
    people: 6`,
    rules:
      "Ids are unique; a team's `programme` names a programme of relief.yaml. A team without `hours` is counted in people, never as 0 hours.",
  },
  "finances.yaml": {
    example: `income:
  total: 1286450.37
  items:
    - { id: donations, name: 社会捐赠, amount: 1267520.07 }
    - { id: interest, name: 利息收入, amount: 18930.30 }
expenditure:
  total: 1197302.84
note: 经会计师事务所审计`,
    rules:
      "A total with items equals their sum to the 分; `finances.balance` is income less expenditure.",
  },
  "figures.yaml": {
    example: `figures:
  - { id: members, label: 委員, value: 230, unit: 名, previous: 212 }
  - { id: parcels, label: parcels packed, value: 48, unit: parcels, per: week }
  - { id: benefits_won, label: benefits won for clients, amount: 109000 }
  - { id: people_fed, label: people fed, value: 3000, unit: people }
  - { id: children_fed, label: children fed, value: 1140, unit: children }
  - { id: children_share, label: children among those fed, percent: 38, part: children_fed, of: people_fed }
breakdowns:
  - id: students_by_county
    title: 各縣市受助學生人數
    label: 縣市
    unit: 人
    columns: [國小, 國中]
    rows:
      - { label: 臺北市, values: [120, 80] }
      - { label: 新北市, values: [150, 90] }
    total: 440`,
    rules:
      "A figure has one of `value`, `amount` or `percent`; a share's `part` and `of` name figures of the file and a stated `percent` agrees with them. A breakdown's rows have one value each, or one per column; a stated `total` is their sum; its id is not one of the built-in charts' names.",
  },
  "report.config.yaml": {
    example: `organisation: 政協雲溪區第五屆委員會
numbering: chinese
contents_depth: 2
theme: official`,
  },
};
