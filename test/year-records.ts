import { readFile } from "node:fs/promises";
import path from "node:path";
import { cli, yearProject } from "./support.js";

/** Small years written inline, for the tests of records unlike the reference committee's. */

export const report = (extra = "") => `organisation: 測試委員會
year: 2024
title: 2024年工作概述
${extra}`;

/** A project with one year, 2024, made of the files given (report.yaml has a default). */
export async function project(
  files: Record<string, string>,
  config = "",
): Promise<{ dir: string; build: (...args: string[]) => ReturnType<typeof cli> }> {
  const dir = await yearProject(`organisation: 測試委員會\n${config}`, {
    "report.yaml": report(),
    ...files,
  });
  return {
    dir,
    build: (...args) => cli(dir, "build", "2024", "-f", "md,html", ...args),
  };
}

export const narrative = (paragraph: string, id = "work") => `sections:
  - id: ${id}
    heading: [工作]
    paragraphs:
      - |-
        ${paragraph}
`;

export const markdown = (dir: string) => readFile(path.join(dir, "out/2024/report.md"), "utf8");
export const html = (dir: string) => readFile(path.join(dir, "out/2024/report.html"), "utf8");
