// A value asked of the server, asked again whenever `key` changes; null while asking or when it
// cannot be had (the parts that use it show nothing rather than an error).
import { useEffect, useState } from "react";

export function useAnswer<T>(key: string, ask: () => Promise<T>): T | null {
  const [answer, setAnswer] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    setAnswer(null);
    ask().then(
      (value) => live && setAnswer(value),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // The question is `key`: `ask` is made anew each render from it.
  }, [key]);
  return answer;
}
