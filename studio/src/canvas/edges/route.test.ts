import { describe, expect, it } from "vitest";
import { edgeCurve, placeLabel, pointOn, type Box } from "./route.js";

const overlaps = (c: { x: number; y: number }, size: { width: number; height: number }, b: Box) =>
  c.x - size.width / 2 < b.x + b.width && b.x < c.x + size.width / 2 && c.y - size.height / 2 < b.y + b.height && b.y < c.y + size.height / 2;

describe("edge label placement", () => {
  const size = { width: 209, height: 22 };

  it("keeps a label in the middle of a long free edge", () => {
    const curve = edgeCurve({ x: 0, y: 100 }, { x: 600, y: 100 });
    expect(placeLabel(curve, size, [])).toEqual({ x: 300, y: 100, onLine: true });
  });

  it("slides a label along the edge, away from a node near its middle", () => {
    const curve = edgeCurve({ x: 0, y: 100 }, { x: 1000, y: 100 });
    const blocker = { x: 420, y: 60, width: 160, height: 80 };
    const place = placeLabel(curve, size, [blocker]);
    expect(place.onLine).toBe(true);
    expect(place.y).toBeCloseTo(100);
    expect(overlaps(place, size, blocker)).toBe(false);
  });

  it("keeps a label off every node, even where the line passes under one", () => {
    const checker = { x: 711, y: 77, width: 216, height: 139 };
    const operator = { x: 1191, y: 0, width: 216, height: 161 };
    const end = { x: 1519, y: 91, width: 152, height: 111 };
    const curve = edgeCurve({ x: 932, y: 146.5 }, { x: 1519, y: 146.5 });
    const place = placeLabel(curve, size, [checker, operator, end]);
    for (const b of [checker, operator, end]) expect(overlaps(place, size, b)).toBe(false);
  });

  it("moves a label off a short edge between close nodes, so the line still shows", () => {
    const a = { x: 0, y: 0, width: 216, height: 100 };
    const b = { x: 300, y: 0, width: 216, height: 100 };
    const curve = edgeCurve({ x: 216, y: 50 }, { x: 300, y: 50 });
    const place = placeLabel(curve, { width: 120, height: 22 }, [a, b]);
    expect(place.onLine).toBe(false);
    expect(Math.abs(place.y - 50)).toBeGreaterThanOrEqual(11);
    for (const box of [a, b]) expect(overlaps(place, { width: 120, height: 22 }, box)).toBe(false);
  });

  it("draws a loop back below both nodes", () => {
    const curve = edgeCurve({ x: 600, y: 50 }, { x: 0, y: 50 });
    expect(pointOn(curve, 0.5).y).toBeGreaterThan(100);
  });
});
