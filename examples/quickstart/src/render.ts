/** Terminal rendering for the demo: colours (off when NO_COLOR is set or not a TTY) and sparklines. */
const useColor = process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
const paint = (code: string) => (s: string) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);

export const dim = paint('2');
export const bold = paint('1');
export const red = paint('31');
export const green = paint('32');
export const yellow = paint('33');
export const cyan = paint('36');

const BARS = '▁▂▃▄▅▆▇█';

/** One bar per score in [0, 1]; scores below `limit` are drawn red. */
export function sparkline(scores: readonly number[], limit: number): string {
  return scores
    .map((s) => {
      const bar = BARS[Math.min(BARS.length - 1, Math.max(0, Math.round(s * (BARS.length - 1))))]!;
      return s < limit ? red(bar) : green(bar);
    })
    .join('');
}
