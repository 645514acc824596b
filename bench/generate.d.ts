/** Writes `<dataDir>/<year>/`: the 2022 records `times` over, moved to `year` (generate.js). */
export function generateYear(dataDir: string, options?: { year?: number; times?: number }): string;
