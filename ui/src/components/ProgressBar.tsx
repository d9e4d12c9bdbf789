export interface ProgressBarProps {
  done: number;
  total: number;
  label?: string;
  testId?: string;
}

export function ProgressBar({ done, total, label, testId }: ProgressBarProps) {
  const pct = total > 0 ? Math.min(100, Math.max(0, (done / total) * 100)) : 0;
  return (
    <div className="progress" data-testid={testId}>
      <div
        className="progress__track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
      >
        <div className="progress__bar" style={{ width: `${pct}%` }} />
      </div>
      {label !== undefined ? <span className="progress__label">{label}</span> : null}
    </div>
  );
}
