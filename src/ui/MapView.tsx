/**
 * The map: created once; sources are updated from the stores by subscription (no React re-render
 * per change). Hover shows a building's details; click selects a building (its compound comes
 * along); Shift+drag box-selects.
 */
import {
  type GeoJSONSource,
  type MapGeoJSONFeature,
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  type VectorTileSource,
} from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { localeStore, t as tr, useI18n } from '../i18n';
import { basemapKind } from '../services/basemap';
import { BUILDINGS_LAYER } from '../services/buildingTiles';
import { colourRgb, hexRgb } from '../services/colors';
import { engine } from '../services/engine';
import { labelPoint, pointInRing } from '../services/geometry';
import { reportDrawn } from '../services/mapReady';
import { clearSelection, select, selectedBuildingIds } from '../services/selection';
import { projectStore } from '../state/project';
import { toast, viewStore } from '../state/view';
import { TEST_HOOKS } from '../testHooks';
import { BaseRasterLayer } from './baseRasterLayer';
import { buildingTilesUrl, loadBuildingTiles } from './buildingTiles';
import { LabelOverlay } from './labelOverlay';
import {
  BACKGROUND,
  COMMUNITY_LABEL,
  communityTint,
  cssRgba,
  offlineStyle,
  rasterisedOpacity,
  tileSetting,
  unitFill,
  unitLine,
} from './mapStyle';
import { skipInvisibleSky } from './skipInvisibleSky';
import { skipUnusedClipping } from './skipUnusedClipping';
import { softwareGl } from './softwareGl';
import { addStyleBasemap } from './styleBasemap';

interface Hover {
  x: number;
  y: number;
  id: string;
  name: string;
  households: number;
  compound: string | null;
}

const BUILDING_LAYERS = ['buildings-fill', 'buildings-point'];
const BUILDINGS = { source: 'buildings', sourceLayer: BUILDINGS_LAYER };
/** Without a GPU, the buildings' vector tiles are cut at the latest this long after new data. */
const TILES_LATER_MS = 5000;
/** Without a GPU, new data waits at most this long for the raster before the vector layers draw it. */
const AWAIT_RASTER_MS = 5000;
/** The pointer rests this long before the building under it is looked up. */
const HOVER_REST_MS = 120;

/** Bounding box of the communities (a small file, read on the main thread to frame the map at once). */
function communitiesBbox(fc: GeoJSON.FeatureCollection): [number, number, number, number] | null {
  try {
    let b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    const walk = (c: unknown): void => {
      if (!Array.isArray(c)) return;
      if (typeof c[0] === 'number') {
        b = [
          Math.min(b[0], c[0]),
          Math.min(b[1], c[1] as number),
          Math.max(b[2], c[0]),
          Math.max(b[3], c[1] as number),
        ];
        return;
      }
      for (const x of c) walk(x);
    };
    for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) walk(f.geometry.coordinates);
    return Number.isFinite(b[0]) ? b : null;
  } catch {
    return null; // not a FeatureCollection: the import report says so
  }
}

function parseCollection(text: string): GeoJSON.FeatureCollection | null {
  try {
    return JSON.parse(text) as GeoJSON.FeatureCollection;
  } catch {
    return null; // the import report says what is wrong with the file
  }
}

function blobUrl(text: string): string {
  return URL.createObjectURL(new Blob([text], { type: 'application/json' }));
}

export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const lassoRef = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const { t, n } = useI18n();

  useEffect(() => {
    const el = container.current!;
    el.style.background = BACKGROUND;
    // A basemap URL from the settings (raster tiles or a style); one that cannot be either is ignored.
    const setting = tileSetting();
    const basemap = basemapKind(setting);
    const tiles = basemap ? setting : null;
    const map = new MapLibreMap({
      container: el,
      style: offlineStyle(tiles, buildingTilesUrl()),
      center: [114.03, 22.55],
      zoom: 13,
      boxZoom: false,
      attributionControl: false,
      localIdeographFontFamily: "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif",
      // Labels appear at once: a fade keeps the map repainting for a further 300 ms after every move.
      fadeDuration: 0,
    });
    skipInvisibleSky(map);
    skipUnusedClipping(map);
    if (TEST_HOOKS) (window as unknown as { __map: MapLibreMap }).__map = map;
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    const urls: string[] = [];
    let selectedBuildings: string[] = [];
    let selectedUnit: string | null = null;
    let ready = false;

    const src = (id: string) => map.getSource(id) as GeoJSONSource | undefined;

    // Without a GPU, zoomed out, every layer below the labels (community tint, units, water, roads,
    // buildings, boundaries) comes from raster tiles drawn in a worker; until those are on screen
    // (after new data) the vector layers draw them, and after an edit the old tiles show until the
    // new ones are in. With a GPU the vector layers draw everything at every zoom.
    /** Called once the buildings of the data drawn last are on screen (by either path). */
    let buildingsShown: (() => void) | null = null;
    /**
     * Without a GPU, new data is drawn first by the raster: until its first picture covers the
     * view only the community boundaries show. Drawing the rest with the vector layers meanwhile
     * (software GL: frames of 300–500 ms) held the page and the raster's tiles back by ~0.7 s.
     * The vector layers still stand in later, when the view jumps to where no tile is ready yet.
     */
    let awaitingRaster = false;
    let awaitingTimer: ReturnType<typeof setTimeout> | undefined;
    /** The vector layers the raster stands for: hidden zoomed out (raster live) or drawn. */
    const showRasterised = (rasterLive: boolean) => {
      awaitingRaster = false;
      clearTimeout(awaitingTimer);
      for (const [layer, property, value] of rasterisedOpacity(rasterLive, tiles !== null))
        map.setPaintProperty(layer, property, value);
    };
    const awaitRaster = () => {
      showRasterised(true);
      map.setPaintProperty('community-line', 'line-opacity', 1);
      awaitingRaster = true;
      // Whatever keeps the raster from covering the view (a pitched map), the vector layers draw.
      awaitingTimer = setTimeout(() => awaitingRaster && showRasterised(false), AWAIT_RASTER_MS);
    };
    /** Without a GPU: cuts the buildings' vector tiles once the raster shows them (see setBaseData). */
    let loadTilesLater: (() => void) | null = null;
    const raster = softwareGl()
      ? new BaseRasterLayer(
          'base-raster',
          (live) => {
            if (!live && awaitingRaster) return; // the map waits for the raster's first picture
            showRasterised(live);
            if (!live) return;
            performance.mark('shequ:raster-live');
            buildingsShown?.();
            loadTilesLater?.();
          },
          tiles === null,
        )
      : null;
    // Without a GPU the labels are drawn on a 2D canvas over the map (labelOverlay.ts).
    const labels = softwareGl() ? new LabelOverlay(map) : null;
    /** The units as the raster tiles draw them (the same looks as the unit-fill and unit-line layers). */
    const rasterUnits = () => {
      if (!raster) return;
      const { units, selectedUnit: su } = viewStore.getState();
      raster.setUnits({
        communityTint: units.length && !tiles ? null : communityTint(tiles !== null),
        units: units.map((u) => {
          const fill = unitFill(colourRgb(u.color), tiles !== null);
          const line = unitLine(u.problems.length > 0, u.id === su);
          return {
            polygons: u.polygons,
            fill: u.id === su ? fill.fillSelected : fill.fill,
            line: [...hexRgb(line.colour), 1],
            width: line.width,
          };
        }),
      });
    };

    /** The project's own layers: drawn as soon as the data is there, without waiting for the engine. */
    let drawnData: unknown = null;
    const setBaseData = () => {
      const data = projectStore.getState().data;
      if (data === drawnData) return;
      drawnData = data;
      buildingsShown = null;
      if (raster && data) awaitRaster();
      for (const u of urls.splice(0)) URL.revokeObjectURL(u);
      const put = (id: string, text: string | undefined) => {
        if (!text) {
          src(id)?.setData({ type: 'FeatureCollection', features: [] });
          return;
        }
        const url = blobUrl(text);
        urls.push(url);
        src(id)?.setData(url);
      };
      put('communities', data?.communities.text);
      put('roads', data?.roads?.text);
      const buildings = data?.buildings.text ?? null;
      let tilesTimer: ReturnType<typeof setTimeout> | undefined;
      const loadTiles = () => {
        if (drawnData !== data) return;
        clearTimeout(tilesTimer);
        loadTilesLater = null;
        const url = loadBuildingTiles(buildings, () => {
          const onTile = (e: { sourceId?: string; tile?: unknown }) => {
            if (e.sourceId !== 'buildings' || !e.tile) return;
            map.off('sourcedata', onTile);
            buildingsShown?.();
          };
          map.on('sourcedata', onTile);
        });
        (map.getSource('buildings') as VectorTileSource | undefined)?.setTiles([url]);
      };
      // Without a GPU the raster draws the buildings zoomed out, and cutting their vector tiles
      // (for hover, clicks and close-ups) at the same time would slow it down on a small machine:
      // they are cut once the raster is on screen (or after a few seconds, whatever the raster does).
      if (raster && buildings) {
        loadTilesLater = loadTiles;
        tilesTimer = setTimeout(loadTiles, TILES_LATER_MS);
      } else loadTiles();
      const communities = data ? parseCollection(data.communities.text) : null;
      labels?.setCommunities(communities);
      raster?.setData(
        data
          ? {
              buildings: data.buildings.text,
              roads: data.roads?.text ?? null,
              communities: data.communities.text,
            }
          : null,
      );
      const bbox = communities ? communitiesBbox(communities) : null;
      if (bbox) map.fitBounds(bbox, { padding: 40, duration: 0 });
      if (data) {
        performance.mark('shequ:map-data-set');
        // Buildings show with the first vector tile that has some or, without a GPU, once the
        // raster tiles cover the view (whichever comes first); either is drawn on the next render.
        const shown = () => {
          if (buildingsShown !== shown) return;
          buildingsShown = null;
          map.once('render', () => {
            performance.mark('shequ:buildings-drawn');
            reportDrawn(data);
          });
        };
        buildingsShown = shown;
        map.once('idle', () => performance.mark('shequ:map-idle'));
      }
      src('compounds')?.setData({ type: 'FeatureCollection', features: [] });
    };

    const setEngineData = async () => {
      if (viewStore.getState().status === 'ready') {
        try {
          const api = await engine.primary();
          const compounds = await api.compounds();
          src('compounds')?.setData(compounds);
        } catch {
          // compounds outline is decoration; the engine reports real errors elsewhere
        }
      }
    };

    const setUnits = () => {
      const t0 = performance.now();
      const { units } = viewStore.getState();
      // Units cover their communities: without a basemap their colours include the community tint,
      // and the community fill underneath is not drawn (one full-screen fill fewer per frame).
      map.setLayoutProperty('community-fill', 'visibility', units.length && !tiles ? 'none' : 'visible');
      // Community names at every zoom until there are units (whose labels carry them); see labelOverlay.ts.
      map.setLayerZoomRange('community-label', 0, units.length ? COMMUNITY_LABEL.maxzoom : 24);
      src('units')?.setData({
        type: 'FeatureCollection',
        features: units.map((u) => ({
          type: 'Feature',
          id: u.id,
          properties: (() => {
            const fill = unitFill(colourRgb(u.color), tiles !== null);
            return {
              id: u.id,
              name: u.name,
              fill: cssRgba(fill.fill),
              fillSelected: cssRgba(fill.fillSelected),
              problem: u.problems.length > 0,
            };
          })(),
          geometry:
            u.polygons.length === 1
              ? { type: 'Polygon', coordinates: u.polygons[0]! }
              : { type: 'MultiPolygon', coordinates: u.polygons },
        })),
      });
      const unitLabels = units.map((u) => ({
        name: `${u.locked ? '🔒' : ''}${u.name}`,
        hh: tr('map.households', { value: u.households }),
        at: labelPoint(u.polygons),
      }));
      if (labels) labels.setUnits(unitLabels.map((l) => ({ at: l.at, lines: [l.name, l.hh] })));
      else
        src('unit-labels')?.setData({
          type: 'FeatureCollection',
          features: unitLabels.map((l) => ({
            type: 'Feature',
            properties: { name: l.name, hh: l.hh },
            geometry: { type: 'Point', coordinates: l.at },
          })),
        });
      if (selectedUnit) map.setFeatureState({ source: 'units', id: selectedUnit }, { selected: true });
      // A task of its own: the polygons are copied to the raster worker as well.
      setTimeout(rasterUnits, 0);
      performance.measure('shequ:map-units', { start: t0 });
    };

    const setSelection = () => {
      for (const id of selectedBuildings) map.setFeatureState({ ...BUILDINGS, id }, { selected: false });
      selectedBuildings = selectedBuildingIds();
      for (const id of selectedBuildings) map.setFeatureState({ ...BUILDINGS, id }, { selected: true });
      raster?.setSelection(selectedBuildings);
      const su = viewStore.getState().selectedUnit;
      if (selectedUnit && selectedUnit !== su)
        map.setFeatureState({ source: 'units', id: selectedUnit }, { selected: false });
      if (su !== selectedUnit) rasterUnits();
      selectedUnit = su;
      if (su) map.setFeatureState({ source: 'units', id: su }, { selected: true });
    };

    map.on('load', () => {
      performance.mark('shequ:map-style-loaded');
      if (labels)
        for (const l of ['unit-label', 'community-label']) map.setLayoutProperty(l, 'visibility', 'none');
      // In the static layers' place; the compound outlines (from the engine, from z13) go on top.
      if (raster) map.addLayer(raster, 'compound-line');
      // A vector basemap comes after the project's own data (which never waits for it).
      if (tiles && basemap === 'style')
        addStyleBasemap(map, tiles).catch((err: Error) =>
          toast('error', tr('settings.basemapFailed', { message: err.message })),
        );
      ready = true;
      setBaseData();
      void setEngineData();
      setUnits();
    });
    const unsubData = projectStore.subscribe((s, prev) => {
      if (ready && s.data !== prev.data) setBaseData();
    });

    const unsubLocale = localeStore.subscribe(() => {
      if (ready) setUnits();
    });
    const unsub = viewStore.subscribe((s, prev) => {
      if (!ready) return;
      if (s.dataVersion !== prev.dataVersion || (s.status === 'ready' && prev.status !== 'ready')) {
        setBaseData();
        void setEngineData();
      }
      // In the next frame, so the map update and React's render of the table are separate tasks.
      if (s.units !== prev.units) requestAnimationFrame(setUnits);
      if (s.selection !== prev.selection || s.selectedUnit !== prev.selectedUnit || s.units !== prev.units)
        setSelection();
      if (s.focus && s.focus !== prev.focus) {
        const [a, b, c, d] = s.focus.bbox;
        const pad = Math.max(c - a, d - b) * 0.1 + 0.0002;
        src('highlight')?.setData({
          type: 'FeatureCollection',
          features: s.focus.highlight
            ? [
                {
                  type: 'Feature',
                  properties: {},
                  geometry: {
                    type: 'Polygon',
                    coordinates: [
                      [
                        [a - pad, b - pad],
                        [c + pad, b - pad],
                        [c + pad, d + pad],
                        [a - pad, d + pad],
                        [a - pad, b - pad],
                      ],
                    ],
                  },
                },
              ]
            : [],
        });
        // Hidden while empty: a line layer costs a stencil pass per frame even with nothing to draw.
        map.setLayoutProperty('highlight', 'visibility', s.focus.highlight ? 'visible' : 'none');
        map.fitBounds(s.focus.bbox, { padding: 80, maxZoom: 18, duration: 300 });
      }
    });

    // Hover: building details once the pointer rests, never while the map moves (the query is not
    // free: 80–140 ms of main thread on a 50k district without a GPU).
    let hoverPending: { x: number; y: number } | null = null;
    let hoverTimer: ReturnType<typeof setTimeout> | undefined;
    const hoverAt = (point: { x: number; y: number }) => {
      const f = map.queryRenderedFeatures([point.x, point.y], { layers: BUILDING_LAYERS })[0] as
        | MapGeoJSONFeature
        | undefined;
      map.getCanvas().style.cursor = f ? 'pointer' : '';
      if (!f) {
        setHover(null);
        return;
      }
      const p = f.properties ?? {};
      setHover({
        x: point.x,
        y: point.y,
        id: String(p.id ?? f.id ?? ''),
        name: String(p.name ?? p.id ?? ''),
        households: Number(p.households ?? 0),
        compound: p.compound ? String(p.compound) : null,
      });
    };
    map.on('mousemove', (e) => {
      clearTimeout(hoverTimer);
      if (e.originalEvent.buttons !== 0) {
        hoverPending = null;
        setHover(null);
        return;
      }
      hoverPending = { x: e.point.x, y: e.point.y };
      hoverTimer = setTimeout(() => {
        const p = hoverPending;
        hoverPending = null;
        if (p && !map.isMoving()) hoverAt(p);
      }, HOVER_REST_MS);
    });
    map.on('mouseout', () => {
      clearTimeout(hoverTimer);
      hoverPending = null;
      setHover(null);
    });

    map.on('click', (e) => {
      const additive = e.originalEvent.ctrlKey || e.originalEvent.metaKey;
      const f = map.queryRenderedFeatures(e.point, { layers: BUILDING_LAYERS })[0];
      if (f) {
        select([String(f.properties?.id ?? f.id)], additive);
        return;
      }
      const u = map.queryRenderedFeatures(e.point, { layers: ['unit-fill'] })[0];
      if (u) {
        viewStore.setState({ selectedUnit: String(u.properties?.id), selection: null });
        return;
      }
      clearSelection();
    });

    // Shift+drag: box select.
    let start: { x: number; y: number } | null = null;
    const canvas = map.getCanvasContainer();
    const onDown = (e: MouseEvent) => {
      if (!e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      e.stopPropagation();
      map.dragPan.disable();
      const r = canvas.getBoundingClientRect();
      start = { x: e.clientX - r.left, y: e.clientY - r.top };
      const box = boxRef.current!;
      box.style.display = 'block';
      box.style.left = `${start.x}px`;
      box.style.top = `${start.y}px`;
      box.style.width = '0px';
      box.style.height = '0px';
    };
    const onMove = (e: MouseEvent) => {
      if (!start) return;
      const r = canvas.getBoundingClientRect();
      const x = e.clientX - r.left;
      const y = e.clientY - r.top;
      const box = boxRef.current!;
      box.style.left = `${Math.min(start.x, x)}px`;
      box.style.top = `${Math.min(start.y, y)}px`;
      box.style.width = `${Math.abs(x - start.x)}px`;
      box.style.height = `${Math.abs(y - start.y)}px`;
    };
    const onUp = (e: MouseEvent) => {
      if (!start) return;
      const r = canvas.getBoundingClientRect();
      const end = { x: e.clientX - r.left, y: e.clientY - r.top };
      const features = map.queryRenderedFeatures(
        [
          [Math.min(start.x, end.x), Math.min(start.y, end.y)],
          [Math.max(start.x, end.x), Math.max(start.y, end.y)],
        ],
        { layers: BUILDING_LAYERS },
      );
      start = null;
      boxRef.current!.style.display = 'none';
      map.dragPan.enable();
      select(
        features.map((f) => String(f.properties?.id ?? f.id)),
        e.ctrlKey || e.metaKey,
      );
    };
    canvas.addEventListener('mousedown', onDown, true);
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);

    // Alt+drag: lasso select (buildings whose centre lies inside the drawn outline).
    let lasso: [number, number][] | null = null;
    const onLassoDown = (e: MouseEvent) => {
      if (!e.altKey || e.button !== 0) return;
      e.preventDefault();
      e.stopPropagation();
      map.dragPan.disable();
      const r = canvas.getBoundingClientRect();
      lasso = [[e.clientX - r.left, e.clientY - r.top]];
      lassoRef.current!.style.display = 'block';
    };
    const onLassoMove = (e: MouseEvent) => {
      if (!lasso) return;
      const r = canvas.getBoundingClientRect();
      const p: [number, number] = [e.clientX - r.left, e.clientY - r.top];
      const last = lasso[lasso.length - 1]!;
      if (Math.hypot(p[0] - last[0], p[1] - last[1]) < 3) return;
      lasso.push(p);
      lassoRef
        .current!.querySelector('polygon')!
        .setAttribute('points', lasso.map((q) => q.join(',')).join(' '));
    };
    const onLassoUp = (e: MouseEvent) => {
      if (!lasso) return;
      const ring = lasso;
      lasso = null;
      lassoRef.current!.style.display = 'none';
      lassoRef.current!.querySelector('polygon')!.setAttribute('points', '');
      map.dragPan.enable();
      if (ring.length < 3) return;
      const xs = ring.map((q) => q[0]);
      const ys = ring.map((q) => q[1]);
      const features = map.queryRenderedFeatures(
        [
          [Math.min(...xs), Math.min(...ys)],
          [Math.max(...xs), Math.max(...ys)],
        ],
        { layers: BUILDING_LAYERS },
      );
      const inside = features.filter((f) => {
        const g = f.geometry as GeoJSON.Point | GeoJSON.Polygon;
        const pts = (g.type === 'Point' ? [g.coordinates] : (g.coordinates[0] ?? [])) as number[][];
        if (!pts.length) return false;
        const c = map.project([
          pts.reduce((a, q) => a + q[0]!, 0) / pts.length,
          pts.reduce((a, q) => a + q[1]!, 0) / pts.length,
        ]);
        return pointInRing(c.x, c.y, ring);
      });
      select(
        inside.map((f) => String(f.properties?.id ?? f.id)),
        e.ctrlKey || e.metaKey,
      );
    };
    canvas.addEventListener('mousedown', onLassoDown, true);
    window.addEventListener('mousemove', onLassoMove);
    window.addEventListener('mouseup', onLassoUp);

    return () => {
      unsub();
      unsubData();
      unsubLocale();
      canvas.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      canvas.removeEventListener('mousedown', onLassoDown, true);
      window.removeEventListener('mousemove', onLassoMove);
      window.removeEventListener('mouseup', onLassoUp);
      for (const u of urls) URL.revokeObjectURL(u);
      clearTimeout(hoverTimer);
      labels?.remove();
      map.remove();
    };
  }, []);

  const unitOf = hover ? viewStore.getState().buildingUnit.get(hover.id) : undefined;
  const unitName = unitOf ? viewStore.getState().units.find((u) => u.id === unitOf)?.name : undefined;
  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="map" />
      <div ref={boxRef} className="box-select" />
      <svg ref={lassoRef} className="lasso" aria-hidden="true">
        <polygon points="" />
      </svg>
      {hover && (
        <div className="hover" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="hover">
          <strong>{hover.name}</strong>
          <div>
            {t('hover.households')}: {n(hover.households)}
          </div>
          <div>
            {t('hover.compound')}: {hover.compound ?? t('hover.none')}
          </div>
          <div>
            {t('hover.unit')}: {unitName ?? t('hover.none')}
          </div>
        </div>
      )}
    </div>
  );
}
