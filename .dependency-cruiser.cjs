// The layer rule of docs/architecture.md, checked by dependency-cruiser (`npm run lint`).
// The layers are read from that page's list, so the documentation and the rule are one list:
// a folder of src/ imports only folders on lines below its own, never above or beside it.
const { readFileSync } = require("node:fs");
const path = require("node:path");

const page = readFileSync(path.join(__dirname, "docs/architecture.md"), "utf8");
const block = /<!-- layers[^>]*-->\s*```\n([\s\S]*?)```/.exec(page);
if (!block) throw new Error("docs/architecture.md has no <!-- layers --> list");
/** Each line that starts at the margin names one layer: its folders, separated by " · ". */
const layers = block[1]
  .split("\n")
  .filter((line) => /^[a-z]/.test(line))
  .map((line) =>
    line
      .split(/\s{2,}/)[0]
      .split(" · ")
      .map((name) => name.replace(/\/$/, "")),
  );
const folders = layers.flat();
const any = (names) => `^src/(${names.join("|")})/`;

const forbidden = layers.flatMap((layer, index) => {
  const above = layers.slice(0, index).flat();
  return layer.map((folder) => {
    const siblings = layer.filter((name) => name !== folder);
    const notBelow = [...above, ...siblings];
    return {
      name: `layer-${folder}`,
      comment: `${folder}/ imports only the folders below its line in docs/architecture.md`,
      severity: "error",
      from: { path: `^src/${folder}/` },
      to: { path: notBelow.length ? any(notBelow) : "^$" },
    };
  });
});

module.exports = {
  forbidden: [
    ...forbidden,
    {
      name: "listed-folders",
      comment:
        "every file of src/ is the public index.ts or in a folder docs/architecture.md lists",
      severity: "error",
      from: { path: "^src/", pathNot: [any(folders), "^src/index\\.ts$"] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(node_modules|dist)/" },
  },
};
