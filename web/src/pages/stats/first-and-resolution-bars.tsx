// Two bars per type, first action and resolution: the median times and the SLA shares.
import { Bar } from "recharts";
import { BarFrame } from "./bar-frame.tsx";
import { FIRST_ACTION_COLOUR, RESOLUTION_COLOUR } from "./colours.ts";

export interface TypeRow {
  /** The type's name, as shown. */
  type: string;
  first: number | null;
  resolution: number | null;
}

/** The bars, or `emptyText` when no type has either value. */
export function FirstAndResolutionBars({
  rows,
  title,
  emptyText,
  unit,
  domain,
  formatter,
  firstName,
  resolutionName,
}: {
  rows: TypeRow[];
  title: string;
  emptyText: string;
  unit: string;
  domain?: [number, number];
  formatter: (v: unknown) => string;
  firstName: string;
  resolutionName: string;
}) {
  if (rows.every((r) => r.first === null && r.resolution === null))
    return <p className="muted">{emptyText}</p>;
  return (
    <BarFrame
      data={rows}
      title={title}
      height={260}
      xAxis={{ dataKey: "type" }}
      yAxis={{ unit, domain }}
      formatter={formatter}
    >
      <Bar dataKey="first" name={firstName} fill={FIRST_ACTION_COLOUR} maxBarSize={40} />
      <Bar dataKey="resolution" name={resolutionName} fill={RESOLUTION_COLOUR} maxBarSize={40} />
    </BarFrame>
  );
}
