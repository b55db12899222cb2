import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";

/**
 * Node only: resvg is a native module (its binary ships inside a platform npm package), and the
 * font comes from an npm package too, so that Kyrgyz letters (ө, ү, ң) render the same on every
 * machine whatever fonts the system has. Workers never import this file.
 */
export function createChartRenderer(): (svg: string) => Uint8Array {
  const require = createRequire(import.meta.url);
  const fontFiles = [
    require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
    require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
  ];
  return (svg) =>
    new Resvg(svg, {
      font: { fontFiles, loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" },
      fitTo: { mode: "width", value: 900 },
    })
      .render()
      .asPng();
}
