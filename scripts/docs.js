#!/usr/bin/env node
// npm run docs: writes docs/data.md from the record schemas (a test checks it is current).
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dataDocs } from "../dist/schema/data-docs.js";

const file = fileURLToPath(new URL("../docs/data.md", import.meta.url));
mkdirSync(fileURLToPath(new URL("../docs/", import.meta.url)), { recursive: true });
writeFileSync(file, dataDocs());
console.log(`wrote ${file}`);
