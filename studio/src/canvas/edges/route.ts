// Where an edge runs and where its label goes. An edge is one cubic curve: forward from the
// source's right handle to the target's left handle, or, when it goes back to an earlier node,
// a loop bending below both. Its label sits on the curve where it is clear of every node, with
// some line left visible on either side; where no such point exists (nodes too close, a short
// edge) it moves just off the line, so the line (and the run's mark on it) still shows.
import type { XY } from "../../flow/edits.js";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Curve {
  from: XY;
  c1: XY;
  c2: XY;
  to: XY;
}

/** As React Flow bends a right-to-left bezier, so a forward edge looks the same as before. */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);
}

export function edgeCurve(from: XY, to: XY): Curve {
  if (to.x < from.x) {
    const dip = 90 + Math.abs(from.x - to.x) * 0.12;
    return { from, c1: { x: from.x + 90, y: from.y + dip }, c2: { x: to.x - 90, y: to.y + dip }, to };
  }
  const offset = controlOffset(to.x - from.x);
  return { from, c1: { x: from.x + offset, y: from.y }, c2: { x: to.x - offset, y: to.y }, to };
}

export function curvePath({ from, c1, c2, to }: Curve): string {
  return `M${from.x},${from.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${to.x},${to.y}`;
}

export function pointOn({ from, c1, c2, to }: Curve, t: number): XY {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * from.x + b * c1.x + c * c2.x + d * to.x, y: a * from.y + b * c1.y + c * c2.y + d * to.y };
}

/** Line left visible between a label on the curve and a node (px), and room kept above and below. */
const CLEAR_X = 24;
const CLEAR_Y = 6;
/** Tried in this order: the middle first, then outwards in small steps. */
const ALONG = [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85];
/** How far past the line a label may be moved up or down to find a clear place (px). */
const REACH = 240;

function hits(centre: XY, size: { width: number; height: number }, obstacles: readonly Box[]): boolean {
  const left = centre.x - size.width / 2 - CLEAR_X;
  const right = centre.x + size.width / 2 + CLEAR_X;
  const top = centre.y - size.height / 2 - CLEAR_Y;
  const bottom = centre.y + size.height / 2 + CLEAR_Y;
  return obstacles.some((o) => left < o.x + o.width && o.x < right && top < o.y + o.height && o.y < bottom);
}

export interface LabelPlace extends XY {
  /** False when the label had to move off the line to stay clear. */
  onLine: boolean;
}

/**
 * The label's centre: on the curve clear of the obstacles if it can be; else just beside the line
 * (above, below, right or left); else straight above or below the middle, as far as it takes.
 */
export function placeLabel(curve: Curve, size: { width: number; height: number }, obstacles: readonly Box[]): LabelPlace {
  const points = ALONG.map((t) => pointOn(curve, t));
  const on = points.find((p) => !hits(p, size, obstacles));
  if (on) return { ...on, onLine: true };
  const dy = size.height / 2 + 4;
  const dx = size.width / 2 + 8;
  const beside = [
    [0, -dy],
    [0, dy],
    [dx, 0],
    [-dx, 0],
  ] as const;
  for (const p of points) {
    for (const [x, y] of beside) {
      const off = { x: p.x + x, y: p.y + y };
      if (!hits(off, size, obstacles)) return { ...off, onLine: false };
    }
  }
  const middle = points[0]!;
  for (let d = dy; d <= REACH; d += 8) {
    for (const y of [middle.y - d, middle.y + d]) if (!hits({ x: middle.x, y }, size, obstacles)) return { x: middle.x, y, onLine: false };
  }
  // Hemmed in on all sides: above the middle of the line, drawn over the nodes (labels are on top).
  return { x: middle.x, y: middle.y - dy, onLine: false };
}
