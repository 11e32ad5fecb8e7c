/** A unit square's polygon (one closed ring) with its lower-left corner at x, y: test units that
 * touch their neighbours in a grid. */
export const square = (x: number, y: number, side = 1): number[][][] => [
  [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
    [x, y],
  ],
];
