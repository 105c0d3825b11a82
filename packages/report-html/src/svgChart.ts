import { BarChart, PieChart } from "echarts/charts";
import { GridComponent } from "echarts/components";
import { type EChartsCoreOption, init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

use([BarChart, PieChart, GridComponent, SVGRenderer]);

/**
 * The fonts a page in Chinese needs, from the reader's system: no webfont is fetched (the
 * page makes no request). Noto Sans CJK is Debian's `fonts-noto-cjk`; the rest are those of
 * Windows, macOS and other Linux systems.
 */
export const FONT_STACK =
  '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans SC", sans-serif';

/**
 * One chart as an SVG string, drawn by ECharts' server-side renderer (no DOM, no browser).
 * Animation is off: an animated chart starts with empty bars and grows them with CSS, which a
 * printout or a screenshot catches empty.
 */
export const renderSvgChart = (option: EChartsCoreOption, width: number, height: number): string => {
  const chart = init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_STACK }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
};
