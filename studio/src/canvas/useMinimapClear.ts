// Keeps the mini map off the flow: when the canvas changes size (the Problems panel below it
// grows, the window shrinks) and a node ends up under the mini map, the flow is fitted again
// into the part of the canvas the mini map leaves free.
import { useReactFlow } from "@xyflow/react";
import { useEffect, type RefObject } from "react";
import { EDITOR_FIT_VIEW, fitFlow } from "./viewport.js";

const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

export function useMinimapClear(frame: RefObject<HTMLElement | null>, enabled: boolean) {
  const rf = useReactFlow();
  useEffect(() => {
    const el = frame.current;
    if (!enabled || !el) return;
    let pending = 0;
    const check = () => {
      pending = 0;
      const map = el.querySelector(".react-flow__minimap")?.getBoundingClientRect();
      if (!map) return;
      // Handles stick out of their node, so they count as part of it.
      const covered = [...el.querySelectorAll(".react-flow__node, .react-flow__handle")].some((n) => overlaps(n.getBoundingClientRect(), map));
      if (covered) fitFlow(rf, EDITOR_FIT_VIEW);
    };
    const observer = new ResizeObserver(() => {
      pending ||= requestAnimationFrame(check);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(pending);
    };
  }, [frame, enabled, rf]);
}
