import { randomBytes } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { tableCrc32, type ZipEntry, zipEntries } from "../src/docx/zip.js";
import { ownCacheEachTest } from "./support.js";

/** The Word package's zip (src/docx/zip.ts) against fflate's own zipSync, byte for byte. */
describe("the Word package's zip", () => {
  const cache = ownCacheEachTest("report-test-zip-");

  const mtime = new Date(2022, 11, 31, 12, 30, 8);
  const entries: ZipEntry[] = [
    {
      name: "[Content_Types].xml",
      data: strToU8(`<?xml version="1.0"?>${"<Types/>".repeat(50)}`),
      level: 6,
    },
    { name: "word/document.xml", data: strToU8("<w:p>收到提案142件</w:p>".repeat(2000)), level: 6 },
    // A font: large and hardly compressible, whose DEFLATE is kept between runs.
    { name: "word/fonts/font1.odttf", data: randomBytes(200 * 1024), level: 6 },
    { name: "word/media/image1.png", data: randomBytes(30 * 1024), level: 0 },
    { name: "word/名稱.xml", data: strToU8("<a/>"), level: 6 },
  ];
  const fflate = () =>
    zipSync(
      Object.fromEntries(
        entries.map((entry) => [entry.name, [entry.data, { mtime, level: entry.level as 6 }]]),
      ),
    );

  it("is the bytes zipSync writes, with its parts compressed afresh and then kept", async () => {
    const expected = fflate();
    expect(Buffer.from(zipEntries(entries, mtime)).equals(Buffer.from(expected))).toBe(true);
    const kept = await readdir(path.join(cache(), "deflated"));
    // The parts of 8 kB and more: the document and the font.
    expect(kept).toHaveLength(2);
    expect(Buffer.from(zipEntries(entries, mtime)).equals(Buffer.from(expected))).toBe(true);
  });

  it("compresses a part again when what was kept of it is damaged", async () => {
    const expected = fflate();
    zipEntries(entries, mtime);
    for (const name of await readdir(path.join(cache(), "deflated"))) {
      const file = path.join(cache(), "deflated", name);
      const bytes = await readFile(file);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
      await writeFile(file, bytes);
    }
    expect(Buffer.from(zipEntries(entries, mtime)).equals(Buffer.from(expected))).toBe(true);
  });

  it("counts CRC-32 as Node does, where Node (before 20.15) has no crc32 of its own", () => {
    for (const entry of entries) expect(tableCrc32(entry.data)).toBe(crc32(entry.data) >>> 0);
    expect(tableCrc32(new Uint8Array())).toBe(0);
    // The check value of CRC-32: "123456789" gives CBF43926.
    expect(tableCrc32(strToU8("123456789"))).toBe(0xcbf43926);
  });
});
