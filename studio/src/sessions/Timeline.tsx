// The timeline under the canvas: node visits and every event, a cursor to drag, and the keys of
// a slider (arrows step, Shift+arrows ten, Page Up/Down a node visit, Home/End, Space plays).
import { nodeById, type NodeKind } from "@tandem/shared";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { useStore } from "zustand";
import { describeEvent } from "./describeEvent.js";
import { drawTimeline, scale, TIMELINE_HEIGHT } from "./drawTimeline.js";
import type { Replay } from "./replay.js";

export function Timeline({ replay }: { replay: Replay }) {
  const cursor = useStore(replay.status, (s) => s.cursor);
  const lastSeq = useStore(replay.status, (s) => s.lastSeq);
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<number | null>(null);
  const dragging = useRef(false);

  const started = replay.event(1);
  const flow = started?.type === "run.started" ? started.flow : undefined;
  const node = useCallback(
    (id: string): { name: string; kind: NodeKind } => {
      const n = flow && nodeById(flow, id);
      return n ? { name: n.data.name, kind: n.type } : { name: id, kind: "agent" };
    },
    [flow],
  );
  const name = useCallback((id: string) => node(id).name, [node]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry!.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // The picture changes with the run and the width only; the cursor moves over it.
  useEffect(() => {
    if (canvas.current && width > 0) drawTimeline(canvas.current, replay.timeline, node, width);
  }, [replay, lastSeq, width, node]);

  const { x, seq: seqAt } = useMemo(() => scale(lastSeq, width), [lastSeq, width]);
  const pointerSeq = (e: PointerEvent) => seqAt(e.clientX - box.current!.getBoundingClientRect().left);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    replay.seek(pointerSeq(e));
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const seq = pointerSeq(e);
    setHover(seq);
    if (dragging.current) replay.seek(seq);
  };
  const onPointerUp = () => {
    dragging.current = false;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, () => void> = {
      ArrowLeft: () => replay.step(e.shiftKey ? -10 : -1),
      ArrowRight: () => replay.step(e.shiftKey ? 10 : 1),
      ArrowDown: () => replay.step(-1),
      ArrowUp: () => replay.step(1),
      Home: () => replay.seek(1),
      End: () => replay.seek(lastSeq),
      PageUp: () => replay.jump("visit", -1),
      PageDown: () => replay.jump("visit", 1),
      " ": () => replay.toggle(),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const current = replay.event(cursor);
  const hovered = hover !== null ? replay.event(hover) : undefined;
  return (
    <div
      ref={box}
      className="timeline"
      role="slider"
      tabIndex={0}
      aria-label="Timeline"
      aria-valuemin={1}
      aria-valuemax={lastSeq}
      aria-valuenow={cursor}
      aria-valuetext={current ? `Event ${cursor} of ${lastSeq}: ${describeEvent(current, name)}` : "No events"}
      style={{ height: TIMELINE_HEIGHT }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onPointerLeave={() => setHover(null)}
      onKeyDown={onKeyDown}
      data-testid="timeline"
    >
      <canvas ref={canvas} className="timeline-canvas" style={{ width, height: TIMELINE_HEIGHT }} aria-hidden="true" />
      {hover !== null && <div className="timeline-hover" style={{ left: x(hover) }} aria-hidden="true" />}
      <div className="timeline-cursor" style={{ left: x(cursor) }} aria-hidden="true" />
      {hovered && hover !== null && (
        <div className={x(hover) > width - 260 ? "timeline-tip is-left" : "timeline-tip"} style={{ left: x(hover) }} aria-hidden="true">
          <span className="mono">#{hover}</span> {describeEvent(hovered, name)}
        </div>
      )}
    </div>
  );
}
