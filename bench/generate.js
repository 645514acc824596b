// Records for the benchmarks, made from the 2022 records: a year with every list `times` over
// (fresh ids, the same figures), moved to another year when asked.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument, stringify } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = path.join(root, "data/2022");

/**
 * Writes `<dataDir>/<year>/`: the 2022 records with each list repeated `times` times and the
 * narrative's sections with them, dates and the year moved to `year`.
 */
export function generateYear(dataDir, { year = 2022, times = 1 } = {}) {
  const target = path.join(dataDir, String(year));
  cpSync(source, target, { recursive: true });
  const read = (name) => parseDocument(readFileSync(path.join(source, name), "utf8")).toJS();
  const write = (name, value) =>
    writeFileSync(
      path.join(target, name),
      stringify(value, { aliasDuplicateObjects: false }).replace(/\b2022(?=-\d\d)/g, String(year)),
    );
  const repeat = (list, copy) =>
    Array.from({ length: times }, (_, round) =>
      list.map((item) => (round === 0 ? item : copy(item, round))),
    ).flat();
  const freshId = (item, round) => ({ ...item, id: `${item.id}_${round}` });

  const report = read("report.yaml");
  report.year = year;
  report.title = report.title.replace("2022", String(year));
  write("report.yaml", report);

  const activities = read("activities.yaml");
  activities.activities = repeat(activities.activities, freshId);
  write("activities.yaml", activities);

  const relief = read("relief.yaml");
  relief.programmes = repeat(relief.programmes, freshId);
  // A fund's total is the sum of its programmes: with more programmes, left to be derived.
  if (times > 1) for (const fund of relief.funds) delete fund.total;
  write("relief.yaml", relief);

  const documents = read("documents.yaml");
  documents.documents = repeat(documents.documents, freshId);
  write("documents.yaml", documents);

  const social = read("social-conditions.yaml");
  // More reports, of which as many are endorsed by the leadership as in 2022: few are.
  social.reports = repeat(social.reports, ({ endorsed_by: _endorsed, ...item }) => item);
  social.issued *= times;
  write("social-conditions.yaml", social);

  const delegations = read("delegations.yaml");
  delegations.received.batches *= times;
  write("delegations.yaml", delegations);

  const narrative = read("narrative.yaml");
  narrative.sections = repeat(narrative.sections, (section, round) => ({
    ...section,
    id: `${section.id}_${round}`,
    heading: section.heading.map((line) => `${line}(${round + 1})`),
  }));
  write("narrative.yaml", narrative);
  write("proposals.yaml", read("proposals.yaml"));
  return target;
}
