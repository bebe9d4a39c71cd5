// The text of a box that edits a value but may hold text that is not (yet) a value, e.g. a
// half-typed list or JSON with a missing brace. Undo, redo or another view changing the value
// replaces the text, unless the text already means that value.
import { useEffect, useState } from "react";

export function useDraft<T>(value: T, format: (value: T) => string, means: (text: string, value: T) => boolean): [string, (text: string) => void] {
  const [text, setText] = useState(() => format(value));
  useEffect(() => {
    setText((t) => (means(t, value) ? t : format(value)));
    // Only a new value re-syncs the text; format and means are plain functions of it.
  }, [value]);
  return [text, setText];
}
