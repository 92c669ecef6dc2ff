// The charts' colours: distinct, colour-blind-friendly enough, and readable on white
// (Okabe–Ito, then Tol).

export const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#882255",
  "#117733",
  "#332288",
  "#999933",
  "#AA4499",
  "#44AA99",
  "#661100",
  "#6699CC",
];

/** The two series of the charts by type: first action and resolution. */
export const FIRST_ACTION_COLOUR = "#0072B2";
export const RESOLUTION_COLOUR = "#E69F00";

/** The two series of the overall times: median and 90th percentile. */
export const MEDIAN_COLOUR = "#009E73";
export const P90_COLOUR = "#CC79A7";

/** The same colour for a type on every chart. */
export function colourOf(keys: string[]) {
  const known = [
    "phishing",
    "malware-distribution",
    "c2-server",
    "spam",
    "scanner",
    "brute-force",
    "unparsed",
    "pending",
    "no_events",
  ];
  const order = [...known, ...keys.filter((k) => !known.includes(k)).sort()];
  return (k: string) => PALETTE[order.indexOf(k) % PALETTE.length] as string;
}
