import { z } from "zod";
import { field, id, text } from "./common.js";

/** `documents.yaml`: documents issued (出臺, 制定) and articles published in the year. */
export const documentsSchema = z.strictObject({
  documents: field(
    z.array(
      z.strictObject({
        id: field(id, "文件代號", "the document's id", ["relief_measures"]),
        title: field(
          text.regex(/^[^《》]*$/, "a title without 《》 (templates add them)"),
          "標題,不加《》(模板會加)",
          "the title, without 《》 (templates add them)",
          ["洛江區政協愛心救助基金管理辦法"],
        ),
        kind: field(
          z.enum(["regulation", "article"]),
          "類別:制度文件或發表的文章",
          "a regulation issued or an article published",
          ["regulation"],
        ),
        published_in: field(text.optional(), "刊發的刊物", "where an article was published", [
          "人民政協報",
        ]),
      }),
    ),
    "年度出臺的文件與發表的文章",
    "documents issued and articles published in the year",
  ),
});

export type DocumentsRecord = z.infer<typeof documentsSchema>;
export type DocumentRecord = DocumentsRecord["documents"][number];
