#!/usr/bin/env node
// npm run docs: writes docs/data.md from the record schemas, and the JSON Schemas of the
// repository and of each example project (tests check that all of them are current).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dataDocs } from "../dist/schema/data-docs.js";
import { jsonSchema, schemaFileName, schemaFiles } from "../dist/schema/json-schema.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const file = `${root}docs/data.md`;
mkdirSync(`${root}docs`, { recursive: true });
writeFileSync(file, dataDocs());
console.log(`wrote ${file}`);

const projects = [
  root,
  ...readdirSync(`${root}examples`)
    .map((name) => `${root}examples/${name}/`)
    .filter((folder) => existsSync(`${folder}report.config.yaml`)),
];
for (const project of projects) {
  mkdirSync(`${project}schemas`, { recursive: true });
  for (const { name } of schemaFiles()) {
    writeFileSync(
      `${project}schemas/${schemaFileName(name)}`,
      `${JSON.stringify(jsonSchema(name), null, 2)}\n`,
    );
  }
  console.log(`wrote ${project}schemas/`);
}
