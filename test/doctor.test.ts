import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, workspace } from "./support.js";

describe("report doctor", () => {
  it("finds Node, the browser, every font weight and a writable output folder", async () => {
    const work = await workspace();
    const { code, stderr } = await cli(work, "doctor");
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^✔ Node\.js: v\d+\.\d+\.\d+/m);
    expect(stderr).toMatch(/^✔ browser: .*(Chrom|Edge).* at \//m);
    for (const family of ["noto-serif-tc", "noto-sans-tc"]) {
      for (const weight of [400, 700]) {
        expect(stderr).toMatch(
          new RegExp(`^✔ font @fontsource/${family} ${weight}: \\d+ files$`, "m"),
        );
      }
    }
    expect(stderr).toMatch(/^✔ output folder: out is writable$/m);
    expect(stderr).toMatch(/all good\n$/);
  });

  it("says what is wrong and how to fix it, and exits 3", async () => {
    const work = await workspace();
    await writeFile(path.join(work, "report.config.yaml"), "organisation: 青山\ntheme: fancy\n");
    const { code, stderr } = await cli(
      work,
      "doctor",
      "--browser",
      path.join(work, "no-such-browser"),
    );
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /^✖ browser: the browser given with --browser is not an executable file/m,
    );
    expect(stderr).toMatch(
      /^✖ project: report\.config\.yaml is not a valid project configuration/m,
    );
    expect(stderr).toMatch(/2 problems\n$/);
  });
});
