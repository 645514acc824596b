import { fileURLToPath } from "node:url";

/** The installed package's root: one level above both `src/` and `dist/`. */
export const packageRoot = fileURLToPath(new URL("..", import.meta.url));

export const builtinTemplates = fileURLToPath(new URL("../templates", import.meta.url));
