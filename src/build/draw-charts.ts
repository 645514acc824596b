import { chartStyle, drawCharts, inlineCharts, linkedCharts } from "../charts/index.js";
import type { ChartSpec } from "../model/charts.js";
import type { View } from "../model/view.js";
import type { RenderedReport } from "../render/render.js";

/**
 * The charts the report's Markdown places, drawn (wide, and narrow for a phone) and put into
 * its HTML; drawings of an earlier build in `folder` are reused when they are the same.
 */
export async function withCharts(
  report: RenderedReport,
  view: View,
  folder: string | undefined,
): Promise<{ report: RenderedReport; charts: Map<string, string> }> {
  const placed = linkedCharts(report.markdown);
  const linked = Object.values(view.charts).filter(
    (spec): spec is ChartSpec => spec !== null && placed.includes(spec.name),
  );
  const charts = new Map([
    ...(await drawCharts(linked, chartStyle(view.language), folder)),
    ...(await drawCharts(linked, chartStyle(view.language, "narrow"), folder)),
  ]);
  return { report: { ...report, html: inlineCharts(report.html, linked, charts) }, charts };
}
