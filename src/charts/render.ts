// Drawing charts to SVG in Node with Apache ECharts' server-side rendering: no browser. Only
// what the report's charts use is loaded (bars, grid, SVG renderer); this module is bundled on
// its own (dist/report-charts.cjs) and loaded only when a chart has to be drawn.
import { BarChart } from "echarts/charts";
import { GridComponent, TitleComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { escapeHtml } from "../core/escape.js";
import type { ChartSpec } from "../model/charts.js";

echarts.use([BarChart, GridComponent, TitleComponent, SVGRenderer]);

/**
 * Everything a chart's look depends on besides its data. It is part of the key under which a
 * drawn chart is reused, so a change of look redraws the charts of earlier builds.
 */
export interface ChartStyle {
  fontFamily: string;
  colors: string[];
  text: string;
  muted: string;
  rule: string;
  /** The height of a bar's row: room for a label broken over two lines. */
  rowHeight: number;
  /** Category labels wider than this break onto a second line. */
  labelWidth: number;
  sideWidth: number;
  /** How far the value axis reaches past the largest bar: room for the bar's label. */
  headroom: number;
  /** The drawing's width in CSS pixels: it is shown at this width or scaled down to fit. */
  width: number;
  /** Which of the two drawings of a chart this is: for pages and wide screens, or for phones. */
  layout: "wide" | "narrow";
}

/** The chart as an SVG document: accessible (role, aria-label, title), the same bytes each time. */
export function drawChart(spec: ChartSpec, style: ChartStyle): string {
  const rows = spec.categories.length;
  const height = (spec.side ? 34 : 16) + rows * style.rowHeight;
  const side = spec.side;
  const width = style.width;
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  const grid = {
    left: style.labelWidth + 20,
    right: side ? style.sideWidth + 10 : style.layout === "narrow" ? 70 : 90,
    top: side ? 26 : 12,
    bottom: 8,
  };
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: style.fontFamily, color: style.text },
    grid: [grid],
    xAxis: [
      { type: "value", show: false, max: (value: { max: number }) => value.max * style.headroom },
    ],
    yAxis: [
      {
        type: "category",
        inverse: true,
        data: spec.categories,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: style.rule } },
        axisLabel: {
          color: style.text,
          fontSize: 12,
          lineHeight: 14,
          width: style.labelWidth,
          overflow: "break",
        },
      },
      ...(side
        ? [
            {
              type: "category",
              inverse: true,
              position: "right",
              data: side.labels,
              axisTick: { show: false },
              axisLine: { show: false },
              axisLabel: {
                color: style.muted,
                fontSize: 11,
                lineHeight: 13,
                width: style.sideWidth,
                overflow: "break",
              },
            },
          ]
        : []),
    ],
    title: side
      ? [
          { text: spec.series[0]?.name ?? "", left: grid.left + 4, top: 4 },
          { text: side.name, right: 8, top: 4 },
        ].map((title) => ({
          ...title,
          textStyle: {
            fontSize: 11,
            fontWeight: "normal",
            color: style.muted,
            fontFamily: style.fontFamily,
          },
        }))
      : [],
    series: spec.series.map((series, index) => ({
      type: "bar",
      data: series.values,
      barMaxWidth: 14,
      itemStyle: { color: style.colors[index % style.colors.length] },
      label: {
        show: true,
        position: "right",
        color: style.text,
        fontSize: 11,
        formatter: (params: { dataIndex: number }) => series.labels[params.dataIndex] ?? "",
      },
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return accessible(svg, spec, style.layout);
}

/**
 * ECharts numbers its renderers (zr0, zr1 …) for the life of the process; the chart's name takes
 * their place so that the same records give the same bytes and two charts on one page keep
 * their styles apart. The SVG gets its role, label and title.
 */
function accessible(svg: string, spec: ChartSpec, layout: ChartStyle["layout"]): string {
  // ECharts numbers its style classes for the life of the process: they are numbered again in
  // order of appearance, so that a chart has the same bytes whatever was drawn before it.
  const classes = new Map<string, number>();
  return (
    svg
      .replace(/zr\d+-cls-(\d+)/g, (_, number: string) => {
        if (!classes.has(number)) classes.set(number, classes.size);
        return `chart-${spec.name}-cls-${classes.get(number)}`;
      })
      .replace(/zr\d+-/g, `chart-${spec.name}-`)
      // Its own bookkeeping, which no SVG reader knows (and HTML checkers refuse).
      .replace(/ ecmeta_\w+="[^"]*"/g, "")
      .replace(
        /^<svg /,
        `<svg role="img" aria-label="${escapeHtml(spec.summary)}" class="chart chart-${spec.name} chart-${layout}" `,
      )
      .replace(/^(<svg[^>]*>)/, `$1<title>${escapeHtml(spec.title)}</title>`)
  );
}
