// One amount a person types, or "max": the text as typed is kept, and parsed where the preview is made,
// so a typo is a sentence there rather than a silently different amount.

export type AmountText = { text: string; max: boolean };

export const EMPTY_AMOUNT: AmountText = { text: "", max: false };

type Props = {
  id: string;
  label: string;
  value: AmountText;
  help: string;
  onChange: (value: AmountText) => void;
};

export function AmountField({ id, label, value, help, onChange }: Props) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="amount-row">
        <input
          id={id}
          name={id}
          inputMode="decimal"
          autoComplete="off"
          value={value.max ? "" : value.text}
          placeholder={value.max ? "max" : "0.0"}
          onChange={(event) => onChange({ text: event.target.value, max: false })}
          aria-describedby={`${id}-help`}
        />
        <button
          type="button"
          className="secondary"
          aria-pressed={value.max}
          aria-label={`Max: ${label}`}
          onClick={() => onChange({ text: "", max: !value.max })}
        >
          Max
        </button>
      </div>
      <p id={`${id}-help`} className="help">
        {help}
      </p>
    </>
  );
}
