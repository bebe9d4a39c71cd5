// Keeps a scrolling panel at its end while new text arrives, unless the person scrolled up.
import { useEffect, useLayoutEffect, useRef, type RefObject } from "react";
import { useRunView } from "../run-view/context.js";

const SLACK_PX = 48;

export function useStickToBottom(ref: RefObject<HTMLElement | null>) {
  const version = useRunView((v) => v.version);
  const stuck = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < SLACK_PX;
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, [ref]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
  }, [ref, version]);
}
