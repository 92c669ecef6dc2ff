// What every bar chart of the statistics shares: the size, a dashed grid across the values,
// the two axes in small type, the tooltip and the legend. The bars are its children.
import type { ComponentProps, ReactNode } from "react";
import {
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

const TICK = { fontSize: 12 };

/** Legend labels in the text colour (the swatch carries the series colour). */
const legendText = (value: string) => <span className="legend-text">{value}</span>;

export function BarFrame({
  data,
  title,
  height,
  horizontalBars = false,
  xAxis,
  yAxis,
  formatter,
  children,
}: {
  data: object[];
  title: string;
  height: number;
  /** Bars that grow to the right (categories on the y axis). */
  horizontalBars?: boolean;
  xAxis: Omit<ComponentProps<typeof XAxis>, "tick">;
  yAxis: Omit<ComponentProps<typeof YAxis>, "tick">;
  /** How the tooltip writes a value (as given, unless said). */
  formatter?: (v: unknown) => string;
  children: ReactNode;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart
        data={data}
        layout={horizontalBars ? "vertical" : "horizontal"}
        title={title}
        margin={{ left: 8, right: horizontalBars ? 24 : 8 }}
      >
        <CartesianGrid
          strokeDasharray="3 3"
          horizontal={horizontalBars ? false : undefined}
          vertical={horizontalBars ? undefined : false}
        />
        <XAxis {...xAxis} tick={TICK} />
        <YAxis {...yAxis} tick={TICK} />
        <Tooltip formatter={formatter} />
        <Legend formatter={legendText} />
        {children}
      </BarChart>
    </ResponsiveContainer>
  );
}
