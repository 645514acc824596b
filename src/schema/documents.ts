import { z } from "zod";
import { id, text } from "./common.js";

/** `documents.yaml`: documents issued (出臺, 制定) and articles published in the year. */
export const documentsSchema = z.strictObject({
  documents: z.array(
    z.strictObject({
      id,
      /** Without the 《》 marks; templates add them. */
      title: text.refine(
        (value) => !/[《》]/.test(value),
        "a title without 《》 (templates add them)",
      ),
      kind: z.enum(["regulation", "article"]),
      published_in: text.optional(),
    }),
  ),
});

export type DocumentsRecord = z.infer<typeof documentsSchema>;
export type DocumentRecord = DocumentsRecord["documents"][number];
