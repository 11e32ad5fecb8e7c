/**
 * The naive reference planner the engine is measured against: sort a community's buildings along
 * the longer axis and cut every ~target households, ignoring roads and compounds. Its units are
 * the union of the cut buildings' cells on the same mesh, so both planners are scored alike.
 */
import { polsbyPopper } from '../../src/core/geo/ring';
import { type PreparedCommunity, polygonMetrics } from '../../src/core/plan/community';
import { traceUnits } from '../../src/core/plan/shapes';

export interface BaselineScore {
  units: number;
  polsbyPopper: number[];
  internalM: number;
  onRoadM: number;
  compounds: number;
  compoundsSplit: number;
}

export function sweepLineScore(pc: PreparedCommunity, target: number): BaselineScore | null {
  const { mesh, cells, planned } = pc;
  if (!mesh || !cells) return null;
  const xs = planned.map((b) => b.lon);
  const ys = planned.map((b) => b.lat);
  const spanX = (Math.max(...xs) - Math.min(...xs)) * Math.cos((ys[0]! * Math.PI) / 180);
  const spanY = Math.max(...ys) - Math.min(...ys);
  const along = spanX >= spanY ? xs : ys;
  const order = planned.map((_, i) => i).sort((a, b) => along[a]! - along[b]!);
  const label = new Int32Array(planned.length);
  let acc = 0;
  let unit = 0;
  const total = planned.reduce((s, b) => s + b.households, 0);
  const k = Math.max(1, Math.round(total / target));
  for (const i of order) {
    label[i] = unit;
    acc += planned[i]!.households;
    if (acc >= (total * (unit + 1)) / k && unit < k - 1) unit++;
  }
  // Triangles take their building's slice; cells with no building take a neighbour's.
  const nTri = mesh.triangles.length / 3;
  const tri = new Int32Array(nTri).fill(-1);
  const queue: number[] = [];
  for (let t = 0; t < nTri; t++) {
    if (!mesh.inside[t]) continue;
    const b = cells[t]!;
    if (b >= 0) {
      tri[t] = label[b]!;
      queue.push(t);
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const t = queue[q]!;
    for (let j = 0; j < 3; j++) {
      const o: number = mesh.halfedges[3 * t + j]!;
      if (o < 0) continue;
      const u = (o / 3) | 0;
      if (mesh.inside[u] && tri[u] === -1) {
        tri[u] = tri[t]!;
        queue.push(u);
      }
    }
  }
  const shapes = traceUnits(mesh, tri, k, { tolerance: 1, openTolerance: pc.spacing * 0.5 });
  const pps = shapes.map((s) => {
    const { area, perimeter } = polygonMetrics(s);
    return polsbyPopper(area, perimeter);
  });
  let internalM = 0;
  let onRoadM = 0;
  for (let e = 0; e < mesh.halfedges.length; e++) {
    const o = mesh.halfedges[e]!;
    if (o < e) continue;
    const a = tri[(e / 3) | 0]!;
    const b = tri[(o / 3) | 0]!;
    if (a < 0 || b < 0 || a === b) continue;
    const p = mesh.triangles[e]! * 2;
    const q = mesh.triangles[e % 3 === 2 ? e - 2 : e + 1]! * 2;
    const len = Math.hypot(mesh.coords[p]! - mesh.coords[q]!, mesh.coords[p + 1]! - mesh.coords[q + 1]!);
    internalM += len;
    if (mesh.edgeKind[e]! > 0) onRoadM += len;
  }
  const compoundUnits = new Map<string, Set<number>>();
  planned.forEach((b, i) => {
    if (!b.compound) return;
    const s = compoundUnits.get(b.compound) ?? new Set<number>();
    s.add(label[i]!);
    compoundUnits.set(b.compound, s);
  });
  let compoundsSplit = 0;
  for (const s of compoundUnits.values()) if (s.size > 1) compoundsSplit++;
  return { units: k, polsbyPopper: pps, internalM, onRoadM, compounds: compoundUnits.size, compoundsSplit };
}
