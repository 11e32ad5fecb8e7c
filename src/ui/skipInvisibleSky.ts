/**
 * MapLibre 6 draws the sky on every frame as a full-screen quad with a trigonometric shader, even
 * when the style has no sky (its default colours are transparent, so nothing shows). Under software
 * GL that invisible quad is about half the cost of an empty frame (measured: ~60 of ~100 ms per
 * frame at 790×961 under SwiftShader). This skips the draw while both sky colours are transparent;
 * a style that sets a sky is drawn as before. Feature-detected: on a MapLibre without this internal
 * hook it does nothing.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

interface SkyValues {
  'sky-color'?: { a: number };
  'horizon-color'?: { a: number };
}
type DrawSky = (mesh: unknown, ctx: { data?: { sky?: SkyValues } }) => void;
interface PainterHook {
  drawFunctions?: Record<string, unknown> & { sky?: DrawSky };
}

export function skipInvisibleSky(map: MapLibreMap): void {
  const painter = (map as unknown as { painter?: PainterHook }).painter;
  const fns = painter?.drawFunctions;
  const drawSky = fns?.sky;
  if (!painter || !fns || typeof drawSky !== 'function') return;
  // A copy: the draw functions object is shared by every map on the page.
  painter.drawFunctions = {
    ...fns,
    sky: (mesh, ctx) => {
      const sky = ctx?.data?.sky;
      if (sky && (sky['sky-color']?.a ?? 1) === 0 && (sky['horizon-color']?.a ?? 1) === 0) return;
      drawSky(mesh, ctx);
    },
  };
}
