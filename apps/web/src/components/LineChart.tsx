// A small line chart of one series over time, as an SVG image whose label says what it shows in words
// (first and last value, lowest and highest), so a screen reader gets the figure a sighted reader sees.
const W = 320;
const H = 110;
const LEFT = 40;
const BOTTOM = 18;
const TOP = 8;

export type Point = { time: number; value: number };

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
const hour = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(0, 13).replace("T", " ")}:00`;

export function LineChart({
  title,
  points,
  format,
  hourly,
}: {
  title: string;
  points: Point[];
  format: (value: number) => string;
  hourly: boolean;
}) {
  if (points.length === 0) return null;
  const when = hourly ? hour : day;
  const values = points.map((p) => p.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  // Zero at the bottom, so a reader compares heights honestly; a flat zero series still has a scale.
  const top = high > 0 ? high : 1;
  const first = points[0];
  const last = points[points.length - 1];
  const span = last.time - first.time || 1;
  const x = (time: number) => LEFT + ((time - first.time) / span) * (W - LEFT - 8);
  const y = (value: number) => TOP + (1 - value / top) * (H - TOP - BOTTOM);
  const path = points.map((p, i) => `${i ? "L" : "M"}${x(p.time).toFixed(1)},${y(p.value).toFixed(1)}`).join("");
  const label =
    points.length === 1
      ? `${title}: ${format(last.value)} at ${when(last.time)} UTC, the only ${hourly ? "hour" : "day"} with activity.`
      : `${title}: ${format(first.value)} at ${when(first.time)} UTC, ${format(last.value)} at ${when(last.time)} UTC; lowest ${format(low)}, highest ${format(high)}.`;
  return (
    <figure className="line-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <line x1={LEFT} y1={H - BOTTOM} x2={W - 8} y2={H - BOTTOM} className="axis" />
        <line x1={LEFT} y1={TOP} x2={LEFT} y2={H - BOTTOM} className="axis" />
        {points.length === 1 ? (
          <circle cx={LEFT + (W - LEFT - 8) / 2} cy={y(last.value)} r={3} className="dot" />
        ) : (
          <path d={path} className="line" fill="none" />
        )}
        <text x={2} y={TOP + 8} className="tick">
          {format(top)}
        </text>
        <text x={2} y={H - BOTTOM} className="tick">
          {format(0)}
        </text>
        <text x={LEFT} y={H - 4} className="tick">
          {when(first.time)}
        </text>
        {points.length > 1 && (
          <text x={W - 8} y={H - 4} className="tick" textAnchor="end">
            {when(last.time)}
          </text>
        )}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
