import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import { dist, type Vec } from './geometry';
import { linePoints, type RoadLine } from './layout';
import type { Projector } from './projection';
import type { BuildingStore, Compound } from './store';
import { type BuildingProps, ROAD_CLASSES, type RoadClass, type RoadProps } from './types';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Building features, in the order they were placed: ids B000001, B000002, … */
export function buildingFeatures(
  store: BuildingStore,
  compounds: readonly Compound[],
  proj: Projector,
): FeatureCollection<Polygon | Point, BuildingProps> {
  const n = store.length;
  const width = Math.max(6, String(n).length);
  const features: Feature<Polygon | Point, BuildingProps>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cx = store.cx[i]!;
    const cy = store.cy[i]!;
    let geometry: Polygon | Point;
    if (store.point[i]) geometry = { type: 'Point', coordinates: proj.lonLat(cx, cy) };
    else {
      const ex = store.ex[i]!;
      const ey = store.ey[i]!;
      const ax = ex * store.hw[i]!;
      const ay = ey * store.hw[i]!;
      const bx = -ey * store.hd[i]!;
      const by = ex * store.hd[i]!;
      const p0 = proj.lonLat(cx - ax - bx, cy - ay - by);
      geometry = {
        type: 'Polygon',
        coordinates: [
          [
            p0,
            proj.lonLat(cx + ax - bx, cy + ay - by),
            proj.lonLat(cx + ax + bx, cy + ay + by),
            proj.lonLat(cx - ax + bx, cy - ay + by),
            [p0[0]!, p0[1]!],
          ],
        ],
      };
    }
    const c = store.compound[i]!;
    const properties: BuildingProps =
      c >= 0
        ? {
            id: `B${pad(i + 1, width)}`,
            households: store.households[i]!,
            compound: compounds[c]!.id,
            name: store.name[i]!,
            floors: store.floors[i]!,
          }
        : {
            id: `B${pad(i + 1, width)}`,
            households: store.households[i]!,
            name: store.name[i]!,
            floors: store.floors[i]!,
          };
    features[i] = { type: 'Feature', geometry, properties };
  }
  return { type: 'FeatureCollection', features };
}

export interface RoadStats {
  count: Record<RoadClass, number>;
  km: Record<RoadClass, number>;
}

export function roadFeatures(
  roads: readonly RoadLine[],
  proj: Projector,
): { collection: FeatureCollection<LineString, RoadProps>; stats: RoadStats } {
  const count = Object.fromEntries(ROAD_CLASSES.map((c) => [c, 0])) as Record<RoadClass, number>;
  const km = Object.fromEntries(ROAD_CLASSES.map((c) => [c, 0])) as Record<RoadClass, number>;
  const features: Feature<LineString, RoadProps>[] = [];
  for (const road of roads) {
    const pts = linePoints(road);
    if (pts.length < 2) continue;
    const coordinates: Position[] = [];
    let length = 0;
    for (let k = 0; k < pts.length; k++) {
      const p = proj.lonLat(pts[k]![0], pts[k]![1]);
      const last = coordinates[coordinates.length - 1];
      // Rounding may merge very close vertices; a line never repeats a position.
      if (last && last[0] === p[0] && last[1] === p[1]) continue;
      coordinates.push(p);
      if (k > 0) length += dist(pts[k - 1] as Vec, pts[k] as Vec);
    }
    if (coordinates.length < 2) continue;
    const properties: RoadProps = { class: road.cls };
    if (road.name) properties.name = road.name;
    if (road.compound) properties.compound = road.compound;
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties });
    count[road.cls]++;
    km[road.cls] += length / 1000;
  }
  for (const c of ROAD_CLASSES) km[c] = Math.round(km[c] * 100) / 100;
  return { collection: { type: 'FeatureCollection', features }, stats: { count, km } };
}

/** Closed GeoJSON ring of a counter-clockwise metre ring. */
export function projectRing(ring: readonly Vec[], proj: Projector): Position[] {
  const out = ring.map((p) => proj.lonLat(p[0], p[1]));
  out.push([out[0]![0]!, out[0]![1]!]);
  return out;
}
