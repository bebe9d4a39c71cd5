// Markdown from a model or a person, rendered safe (markdown.ts). Each top-level block is its
// own memoised element, so while a reply streams only its growing last block is rendered again.
import { memo, useMemo } from "react";
import { markdownBlocks, renderMarkdown } from "./markdown.js";

const Block = memo(function Block({ raw }: { raw: string }) {
  return <div className="md-block" dangerouslySetInnerHTML={{ __html: renderMarkdown(raw) }} />;
});

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const blocks = useMemo(() => markdownBlocks(text), [text]);
  return (
    <div className="md">
      {blocks.map((raw, i) => (
        <Block key={i} raw={raw} />
      ))}
    </div>
  );
});
