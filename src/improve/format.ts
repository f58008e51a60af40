/** A score as reports, prompts and the gate's reasons show it: three decimals (and `NaN`, `-Infinity` as such). */
export const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : String(x));
