// The timeline's picture, drawn on a canvas: a 50,000-event run is 50,000 marks, too many for
// DOM elements. Node visits are spans on the upper row, events are marks on the lower one (one
// line per pixel column, of the most telling kind in it); the cursor is drawn apart (Timeline).
import type { NodeKind } from "@tandem/shared";
import { MARK_KINDS, type MarkKind, type TimelineModel } from "./timeline.js";

export const TIMELINE_HEIGHT = 56;
export const PAD_X = 10;
const SPAN_Y = 6;
const SPAN_H = 20;
const MARK_Y = 32;
const MARK_H = 16;

const SPAN_COLOR: Record<NodeKind, { fill: string; text: string }> = {
  start: { fill: "#e5e5e5", text: "#404040" },
  agent: { fill: "#c7d2fe", text: "#312e81" },
  human: { fill: "#fed7aa", text: "#7c2d12" },
  end: { fill: "#e5e5e5", text: "#404040" },
};

const MARK_COLOR: Record<MarkKind, string> = {
  run: "#171717",
  node: "#a3a3a3",
  model: "#4f46e5",
  message: "#a5b4fc",
  human: "#ea580c",
  tool: "#0d9488",
  route: "#d4d4d4",
  control: "#a16207",
};

/** Which mark wins a pixel column shared by several events (higher wins). */
const MARK_RANK: Record<MarkKind, number> = { route: 0, message: 1, node: 2, control: 3, model: 4, tool: 5, run: 6, human: 7 };

/** The x (CSS px) of an event, and back. */
export function scale(lastSeq: number, width: number) {
  const inner = Math.max(width - 2 * PAD_X, 1);
  const per = inner / Math.max(lastSeq - 1, 1);
  return {
    x: (seq: number) => PAD_X + (seq - 1) * per,
    seq: (x: number) => Math.min(Math.max(Math.round((x - PAD_X) / per) + 1, 1), Math.max(lastSeq, 1)),
  };
}

export function drawTimeline(
  canvas: HTMLCanvasElement,
  model: TimelineModel,
  node: (id: string) => { name: string; kind: NodeKind },
  width: number,
) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(TIMELINE_HEIGHT * ratio);
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  ctx.clearRect(0, 0, width, TIMELINE_HEIGHT);
  const { x } = scale(model.lastSeq, width);

  ctx.font = "500 11px Inter, ui-sans-serif, system-ui, sans-serif";
  ctx.textBaseline = "middle";
  for (const visit of model.visits) {
    const { name, kind } = node(visit.nodeId);
    const left = x(visit.from);
    const w = Math.max(x(visit.to) - left, 2);
    const colour = SPAN_COLOR[kind];
    ctx.fillStyle = colour.fill;
    // A one-pixel gap keeps neighbouring visits apart once they are wide enough to read.
    ctx.fillRect(left, SPAN_Y, w > 6 ? w - 1 : w, SPAN_H);
    if (w > 40) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, SPAN_Y, w - 5, SPAN_H);
      ctx.clip();
      ctx.fillStyle = colour.text;
      ctx.fillText(name, left + 5, SPAN_Y + SPAN_H / 2);
      ctx.restore();
    }
  }

  const columns = new Int8Array(Math.ceil(width) + 1).fill(-1);
  for (let i = 0; i < model.marks.length; i++) {
    const kind = MARK_KINDS[model.marks[i]!]!;
    const column = Math.floor(x(i + 1));
    const held = columns[column]!;
    if (held < 0 || MARK_RANK[kind] > MARK_RANK[MARK_KINDS[held]!]) columns[column] = model.marks[i]!;
  }
  for (let column = 0; column < columns.length; column++) {
    const held = columns[column]!;
    if (held < 0) continue;
    const kind = MARK_KINDS[held]!;
    ctx.fillStyle = MARK_COLOR[kind];
    const tall = kind === "human" || kind === "run";
    ctx.fillRect(column, tall ? MARK_Y - 2 : MARK_Y + 3, 1, tall ? MARK_H + 4 : MARK_H - 6);
  }
}
