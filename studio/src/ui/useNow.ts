// The time now, again every second while `ticking`: for countdowns and relative times. One
// timer serves every ticking component, so all of them move on the same instant.
import { useEffect, useState } from "react";

type Listener = (now: number) => void;
const listeners = new Set<Listener>();
let timer: ReturnType<typeof setInterval> | undefined;

function onTick(listener: Listener): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    const now = Date.now();
    for (const l of listeners) l(now);
  }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useNow(ticking = true): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!ticking) return;
    // A component that starts ticking late must not show the time it was first drawn at.
    setNow(Date.now());
    return onTick(setNow);
  }, [ticking]);
  return now;
}
