import { OPEN } from './barriers';

/**
 * Label the inside triangles still unlabelled (-1) by connected pieces that do not cross a road,
 * river, wall or outline: blocks, or the empty pieces of blocks. Labels start at `first`;
 * returns the next free label.
 */
export function floodOpenPieces(
  halfedges: Int32Array,
  edgeKind: Int8Array,
  inside: Uint8Array,
  label: Int32Array,
  first: number,
): number {
  let next = first;
  const stack: number[] = [];
  for (let t0 = 0; t0 < label.length; t0++) {
    if (!inside[t0] || label[t0] !== -1) continue;
    label[t0] = next;
    stack.push(t0);
    while (stack.length) {
      const t = stack.pop()!;
      for (let k = 0; k < 3; k++) {
        const e = 3 * t + k;
        if (edgeKind[e] !== OPEN) continue;
        const o = halfedges[e]!;
        if (o < 0) continue;
        const u = (o / 3) | 0;
        if (inside[u] && label[u] === -1) {
          label[u] = next;
          stack.push(u);
        }
      }
    }
    next++;
  }
  return next;
}
