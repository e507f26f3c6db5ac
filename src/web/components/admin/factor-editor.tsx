import { useLang } from '../../i18n.ts';

/** One row of a logger's factor mapping as edited: text fields, parsed on submit. */
export interface FactorRow {
  factor: string;
  parameter: string;
  scale: string;
}

/**
 * HJ 212-2017 Table B.1 codes of the six ambient-air pollutants (and their HJ/T 212-2005 codes, which the receiver
 * maps to these): typing a known code fills its parameter.
 */
const KNOWN: Readonly<Record<string, string>> = {
  a34004: 'PM2.5',
  a34002: 'PM10',
  a21026: 'SO2',
  a21004: 'NO2',
  a05024: 'O3',
  a21005: 'CO',
};
const PARAMETERS = ['PM2.5', 'PM10', 'SO2', 'NO2', 'O3', 'CO'];

/** Whether the rows form a valid mapping: every row complete with a non-zero scale, no code twice. */
export function factorRowsValid(rows: readonly FactorRow[]): boolean {
  const codes = rows.map((r) => r.factor.trim());
  return (
    rows.every((r) => /^[0-9A-Za-z_-]{1,16}$/.test(r.factor.trim()) && r.parameter.trim() !== '') &&
    rows.every((r) => r.scale.trim() === '' || (Number.isFinite(Number(r.scale)) && Number(r.scale) !== 0)) &&
    new Set(codes).size === codes.length
  );
}

export function factorsOf(rows: readonly FactorRow[]) {
  return rows.map((r) => ({
    factor: r.factor.trim(),
    parameter: r.parameter.trim(),
    scale: r.scale.trim() === '' ? 1 : Number(r.scale),
  }));
}

/** The factor mapping: code → parameter × scale, a row each, rows added and removed. */
export function FactorEditor(p: { rows: FactorRow[]; onChange: (rows: FactorRow[]) => void }) {
  const { t } = useLang();
  const set = (i: number, patch: Partial<FactorRow>) =>
    p.onChange(p.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset class="factor-editor" data-factor-editor>
      <legend>{t('ad.factors')}</legend>
      <datalist id="factor-parameters">
        {PARAMETERS.map((x) => (
          <option key={x} value={x} />
        ))}
      </datalist>
      {p.rows.map((r, i) => (
        <div class="factor-row" key={i} data-factor-row={i}>
          <input
            name="factor"
            aria-label={t('ad.factorCode')}
            placeholder={t('ad.factorCode')}
            value={r.factor}
            onInput={(e) => {
              const factor = (e.target as HTMLInputElement).value;
              const known = KNOWN[factor.trim()];
              set(i, known && r.parameter === '' ? { factor, parameter: known } : { factor });
            }}
          />
          <span aria-hidden="true">→</span>
          <input
            name="parameter"
            list="factor-parameters"
            aria-label={t('ad.parameter')}
            placeholder={t('ad.parameter')}
            value={r.parameter}
            onInput={(e) => set(i, { parameter: (e.target as HTMLInputElement).value })}
          />
          <span aria-hidden="true">×</span>
          <input
            name="scale"
            inputMode="decimal"
            aria-label={t('ad.scale')}
            placeholder="1"
            value={r.scale}
            onInput={(e) => set(i, { scale: (e.target as HTMLInputElement).value })}
          />
          <button
            type="button"
            class="link"
            data-remove-factor
            onClick={() => p.onChange(p.rows.filter((_, j) => j !== i))}
          >
            {t('ad.removeFactor')}
          </button>
        </div>
      ))}
      <button
        type="button"
        class="button secondary"
        data-add-factor
        onClick={() => p.onChange([...p.rows, { factor: '', parameter: '', scale: '' }])}
      >
        {t('ad.addFactor')}
      </button>
    </fieldset>
  );
}
