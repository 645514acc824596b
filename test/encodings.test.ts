import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { newlineOf } from "../src/load/decode.js";
import { cli, workspace } from "./support.js";

/**
 * Files as Windows editors in Chinese offices save them: UTF-16, GBK, Big5, a byte order mark,
 * CRLF line ends. They are read as what they are or refused with the encoding named; a file is
 * written back only when it reads back exactly, and then as it was stored.
 */
const file = (cwd: string, name: string) => path.join(cwd, "data/2022", name);

/** report.yaml without its schema comment, as a file made by hand would be. */
async function bare(cwd: string): Promise<string> {
  return (await readFile(file(cwd, "report.yaml"), "utf8")).replace(
    /^# yaml-language-server.*\n/,
    "",
  );
}

describe("encodings", () => {
  it.each([
    [
      "UTF-16 with a byte order mark",
      (text: string) => iconv.encode(text, "utf-16le", { addBOM: true }),
    ],
    ["UTF-16 without one", (text: string) => iconv.encode(text, "utf-16le")],
    ["UTF-16 big endian", (text: string) => iconv.encode(text, "utf-16be", { addBOM: true })],
  ])("reads %s", async (_, encode) => {
    const cwd = await workspace();
    await writeFile(file(cwd, "report.yaml"), encode(await bare(cwd)));
    const built = await cli(cwd, "build", "2022", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    expect(await readFile(path.join(cwd, "out/2022/report.md"), "utf8")).toContain(
      "\ntitle: 政協洛江區第六屆委員會 2022工作回眸\n",
    );
  });

  it("refuses GBK naming how each encoding reads it, and reads it when the project says so", async () => {
    const cwd = await workspace();
    await writeFile(file(cwd, "report.yaml"), iconv.encode(await bare(cwd), "gb18030"));
    const refused = await cli(cwd, "build", "2022", "-f", "md");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "data/2022/report.yaml:2:1 error expected UTF-8 text, found bytes of another encoding; the line reads as GB18030 (GBK) «organisation: 政協洛江區第六屆委員會»",
    );
    expect(refused.stderr).toContain("iconv -f GB18030 -t UTF-8");

    await writeFile(
      path.join(cwd, "report.config.yaml"),
      "organisation: 政協洛江區第六屆委員會\nencoding: gb18030\n",
    );
    const built = await cli(cwd, "build", "2022", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    expect(await readFile(path.join(cwd, "out/2022/report.md"), "utf8")).toContain(
      "政協洛江區第六屆委員會",
    );
  });

  it("report schema leaves a file it cannot read back exactly as it was, and says so", async () => {
    const cwd = await workspace();
    const bytes = iconv.encode(await bare(cwd), "gb18030");
    await writeFile(file(cwd, "report.yaml"), bytes);
    const result = await cli(cwd, "schema");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /data\/2022\/report\.yaml error line 2: expected UTF-8 text, found bytes of another encoding.*left as it is/,
    );
    expect((await readFile(file(cwd, "report.yaml"))).equals(bytes)).toBe(true);
  });

  it("report schema keeps the encoding, the byte order mark and the line ends", async () => {
    const cwd = await workspace();
    const text = (await bare(cwd)).replace(/\n/g, "\r\n");
    await writeFile(file(cwd, "report.yaml"), Buffer.from(`\ufeff${text}`, "utf8"));
    await writeFile(
      file(cwd, "relief.yaml"),
      iconv.encode(
        (await readFile(file(cwd, "relief.yaml"), "utf8")).replace(
          /^# yaml-language-server.*\n/,
          "",
        ),
        "utf-16le",
        { addBOM: true },
      ),
    );
    const result = await cli(cwd, "schema");
    expect(result.code, result.stderr).toBe(0);
    const written = await readFile(file(cwd, "report.yaml"));
    expect(written.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(written.subarray(3).toString("utf8")).toBe(
      `# yaml-language-server: $schema=../../schemas/report.schema.json\r\n${text}`,
    );
    const relief = await readFile(file(cwd, "relief.yaml"));
    expect(relief.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(iconv.decode(relief, "utf-16le")).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/relief\.schema\.json\n# Who was helped/,
    );
  });
});

describe("the line ending a file is written back with", () => {
  it("is the one its lines end with most, a lone CR not counted", () => {
    expect(newlineOf("")).toBe("\n");
    expect(newlineOf("a\nb\n")).toBe("\n");
    expect(newlineOf("a\r\nb\r\n")).toBe("\r\n");
    expect(newlineOf("\r\n")).toBe("\r\n");
    expect(newlineOf("\n")).toBe("\n");
    // Two CRLF against one LF; one CRLF against two LF; a tie goes to LF.
    expect(newlineOf("a\r\nb\r\nc\n")).toBe("\r\n");
    expect(newlineOf("a\r\nb\nc\n")).toBe("\n");
    expect(newlineOf("a\r\nb\n")).toBe("\n");
    expect(newlineOf("a\rb\rc\r\n")).toBe("\r\n");
    expect(newlineOf("\r\r\n\n")).toBe("\n");
  });
});
