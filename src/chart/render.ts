/**
 * The ChartRenderer port on Vega-Lite → Vega → SVG → resvg → PNG. Chosen by measurement over
 * Chart.js on @napi-rs/canvas (see bench/scenarios/digest.ts): both install from npm alone with
 * prebuilt binaries, but in a long-lived process canvas grew ~2.8 MiB per chart and resvg's
 * synchronous `Resvg#render` ~1 MiB per chart (native memory V8 never sees:
 * https://github.com/thx/resvg-js/issues/216), while `renderAsync` stays flat. The libraries are
 * loaded on the first chart, so processes that never draw one do not pay for them.
 *
 * Text uses the bundled DejaVu Sans (assets/fonts, Bitstream Vera licence) and no system font,
 * so the image is the same on every machine.
 */
import { fileURLToPath } from 'node:url';
import { CHART_FONT, type ChartRenderer, type ChartSpec } from '../core/digest/chart.js';

export const FONT_FILE = fileURLToPath(new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url));

export interface ChartRenderOptions {
  /** Device pixels per chart pixel: 2 keeps text sharp on high-density screens. */
  scale?: number;
}

type Libraries = [typeof import('vega'), typeof import('vega-lite'), typeof import('@resvg/resvg-js')];
let libraries: Promise<Libraries> | undefined;
const load = (): Promise<Libraries> => (libraries ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]));

/** Vega-Lite warnings (e.g. a dropped encoding) would be log noise for every chart; errors still throw. */
const quietLogger = {
  level: (..._args: unknown[]) => quietLogger,
  error: (...args: unknown[]) => {
    throw new Error(args.map(String).join(' '));
  },
  warn: () => quietLogger,
  info: () => quietLogger,
  debug: () => quietLogger,
};

/** The spec as SVG text (Vega's own SVG renderer, no DOM needed). */
export async function chartSvg(spec: ChartSpec): Promise<string> {
  const [vega, vegaLite] = await load();
  const compiled = vegaLite.compile(spec as unknown as import('vega-lite').TopLevelSpec, { logger: quietLogger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG bytes of a Vega-Lite spec. Rejects when the spec does not compile. */
export async function renderChartPng(spec: ChartSpec, options: ChartRenderOptions = {}): Promise<Uint8Array> {
  const svg = await chartSvg(spec);
  const [, , resvg] = await load();
  const image = await resvg.renderAsync(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
  });
  return new Uint8Array(image.asPng());
}

export function createChartRenderer(options: ChartRenderOptions = {}): ChartRenderer {
  return { renderPng: (spec) => renderChartPng(spec, options) };
}
