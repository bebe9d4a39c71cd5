// Fitting a flow in view: never past 100% for a small flow, nor out past where text is unreadable.
import type { FitViewOptions } from "@xyflow/react";

/** Above this many nodes only what is in view is rendered, and the canvas is drawn plainer. */
export const LARGE_FLOW = 300;

/** How to fit: any nodes (the options that pick nodes are not used), so it suits every canvas. */
export type Fit = Omit<FitViewOptions, "nodes">;

export const FIT_VIEW: Fit = { padding: 0.15, maxZoom: 1, minZoom: 0.6 };

/** The editor's mini map (px); a fitted flow keeps clear of the strip along the bottom it sits in. */
export const MINIMAP = { width: 180, height: 112, margin: 12 };
export const EDITOR_FIT_VIEW: Fit = {
  ...FIT_VIEW,
  padding: { top: "32px", left: "32px", right: "32px", bottom: `${MINIMAP.height + 2 * MINIMAP.margin}px` },
};

/**
 * Fits the flow in view. An empty canvas is left alone: React Flow would otherwise keep the fit
 * queued and run it when the first node arrives, moving that node away from where it was dropped.
 */
export function fitFlow(rf: { getNodes(): readonly unknown[]; fitView(options: Fit): Promise<boolean> }, options: Fit): void {
  if (rf.getNodes().length > 0) void rf.fitView(options);
}
