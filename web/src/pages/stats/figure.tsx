// The frame of every chart and table of the statistics: a card with a title and a note.
import { type ReactNode, useId } from "react";

export function Figure({
  title,
  note,
  wide,
  children,
}: {
  title: string;
  note?: string;
  wide?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <figure className={`card chart ${wide ? "wide" : ""}`} aria-labelledby={`${id}-t`}>
      <figcaption>
        <h2 id={`${id}-t`}>{title}</h2>
        {note && <p className="muted small">{note}</p>}
      </figcaption>
      {children}
    </figure>
  );
}
