/** A preview as rows of a description list, then its warnings (outside the list, which holds only rows). */
export function PreviewRows({ rows, warnings = [] }: { rows: [string, string][]; warnings?: string[] }) {
  return (
    <div data-testid="preview">
      <dl className="preview">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd data-testid={`preview-${label.toLowerCase().replaceAll(" ", "-")}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {warnings.map((w) => (
        <p key={w} role="alert" className="warning">
          {w}
        </p>
      ))}
    </div>
  );
}
