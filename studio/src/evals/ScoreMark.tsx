// One score in a case table: pass, fail or n.a., its detail on hover and opened on a click.
import type { Score } from "@tandem/shared";
import { scoreWord } from "./format.js";

export function ScoreMark({ score }: { score: Score | undefined }) {
  if (!score) return <span className="muted small">—</span>;
  const word = scoreWord(score.pass);
  const mark = <span className={`score score-${word === "n.a." ? "na" : word}`}>{word}</span>;
  if (!score.detail) return mark;
  return (
    <details className="score-detail" title={score.detail}>
      <summary>{mark}</summary>
      <p className="small">{score.detail}</p>
    </details>
  );
}
