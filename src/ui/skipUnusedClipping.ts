/**
 * MapLibre 6 draws a layer's tile clipping masks (one stencil quad per tile, together the whole
 * screen) before it asks the layer to draw, in both the opaque and the translucent pass, whenever
 * the source changes from the layer before. Most layers draw in one pass only (lines and translucent
 * fills never in the opaque one), and a layer at opacity 0 in neither, so most of those masks are
 * drawn for nothing: with our style, about nine full-screen stencil passes per frame where one or
 * two are used. On a GPU that is cheap; under software GL each pass costs ~10 ms of CPU (measured:
 * 233 → 146 CPU-ms per frame in the GPU process for the 50k district with units).
 *
 * This tells MapLibre a fill or line layer is not tile-clipped when it will not draw in the pass at
 * hand, so no mask is drawn for it; the next layer that draws still gets its own source's masks.
 * The pass is read from the frame context the draw functions receive. Until one of them has run in
 * a frame the answer is the unpatched one (a mask too many, never one too few). Feature-detected:
 * on a MapLibre without these internals it does nothing.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

interface Evaluated<T> {
  constantOr(fallback: T): T;
}
interface StyleLayerHook {
  type: string;
  paint?: { get(name: string): unknown };
  isTileClipped?: () => boolean;
  [PATCHED]?: true;
}
interface FrameContext {
  currentPass?: string;
  opaquePassEnabledForLayer?: () => boolean;
}
interface MapInternals {
  painter?: { drawFunctions?: Record<string, unknown> };
  style?: { _layers?: Record<string, StyleLayerHook> };
}
const PATCHED = Symbol('skipUnusedClipping');

const constant = <T>(layer: StyleLayerHook, name: string, fallback: T): T => {
  const v = layer.paint?.get(name);
  if (v !== null && typeof v === 'object' && 'constantOr' in v)
    return (v as Evaluated<T>).constantOr(fallback);
  return v === undefined ? fallback : (v as T);
};

/** Whether the layer draws anything at all this frame (MapLibre's own early returns). */
function drawsAtAll(layer: StyleLayerHook): boolean {
  const p = layer.type === 'fill' ? 'fill' : 'line';
  if (
    constant<number>(layer, `${p}-opacity`, 1) === 0 ||
    constant<number>(layer, `${p}-layer-opacity`, 1) === 0
  )
    return false;
  return layer.type !== 'line' || constant<number>(layer, 'line-width', 1) !== 0;
}

/** Whether the layer may draw in the opaque pass: only an opaque fill does (drawFill). */
function drawsOpaque(layer: StyleLayerHook, frame: FrameContext): boolean {
  if (layer.type !== 'fill' || !drawsAtAll(layer)) return false;
  if (frame.opaquePassEnabledForLayer && !frame.opaquePassEnabledForLayer()) return false;
  const colour = constant<{ a?: number } | null>(layer, 'fill-color', null);
  return (colour?.a ?? 0) === 1 && constant<number>(layer, 'fill-opacity', 0) === 1;
}

export function skipUnusedClipping(map: MapLibreMap): void {
  const internals = map as unknown as MapInternals;
  const painter = internals.painter;
  const fns = painter?.drawFunctions;
  if (!painter || !fns) return;
  // The frame context is the last argument of every draw function; its pass changes during a frame.
  let frame: FrameContext | null = null;
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(fns)) {
    wrapped[name] =
      typeof fn === 'function'
        ? (...args: unknown[]) => {
            frame = args[args.length - 1] as FrameContext;
            return (fn as (...a: unknown[]) => unknown)(...args);
          }
        : fn;
  }
  // A copy: the draw functions object is shared by every map on the page.
  painter.drawFunctions = wrapped;

  const patch = () => {
    const layers = internals.style?._layers;
    if (!layers) return;
    for (const layer of Object.values(layers)) {
      if ((layer.type !== 'fill' && layer.type !== 'line') || layer[PATCHED]) continue;
      const original = layer.isTileClipped;
      if (typeof original !== 'function' || !layer.paint) continue;
      layer[PATCHED] = true;
      layer.isTileClipped = () => {
        const pass = frame?.currentPass;
        if (pass === 'opaque') return drawsOpaque(layer, frame!);
        if (pass === 'translucent') return drawsAtAll(layer);
        return original.call(layer);
      };
    }
  };
  patch();
  map.on('styledata', patch);
}
