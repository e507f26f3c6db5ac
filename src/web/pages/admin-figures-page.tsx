import { useState } from 'preact/hooks';
import { api, type ExternalFigureKey, type FigureBody } from '../api.ts';
import { ConfirmButton } from '../components/admin/confirm-button.tsx';
import { type AdminNotice, DataAdminFrame } from '../components/admin/data-tabs.tsx';
import { FormButtons } from '../components/admin/form-buttons.tsx';
import { useSortedPages } from '../components/admin/sorted-pages.tsx';
import { fmtTimestamp, todayIso } from '../format.ts';
import { errorMessage, localMessage, type MessageKey, useLang } from '../i18n.ts';
import { useData } from '../use-data.ts';

const KEYS: readonly ExternalFigureKey[] = ['r-t4-threshold', 'city-rank-168'];
const keyLabel = (k: ExternalFigureKey): MessageKey => `ad.figure.${k}`;

/** 外部数据 (figures:write): the R-T4 threshold per year and the city's 168-city rank, each with its source. */
export function Page() {
  const { t, lang } = useLang();
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<{ figure?: FigureBody } | null>(null);
  const [notice, setNotice] = useState<AdminNotice | null>(null);
  const loaded = useData(() => api.figures(), [version]);
  const figures = loaded.data?.figures ?? [];
  const list = useSortedPages(
    figures,
    (f, key) => (key === 'key' ? t(keyLabel(f.key)) : (f[key as keyof FigureBody] as string | number | null)),
    { key: 'year', desc: true },
  );
  const remove = async (f: FigureBody) => {
    try {
      await api.removeFigure(f.key, f.year);
      setNotice({ kind: 'ok', text: t('ad.figureRemoved', { k: t(keyLabel(f.key)), y: f.year }) });
      setVersion((v) => v + 1);
    } catch (err) {
      setNotice({
        kind: 'error',
        text: errorMessage(err, lang),
      });
    }
  };

  return (
    <DataAdminFrame page="admin-figures" notice={notice} onCloseNotice={() => setNotice(null)}>
      <section class="card">
        <div class="card-head">
          <h2>{t('ad.tabFigures')}</h2>
          {!editing && (
            <button type="button" class="button" data-new-figure onClick={() => setEditing({})}>
              {t('ad.setFigure')}
            </button>
          )}
        </div>
        <p class="muted small">{t('ad.figuresNote')}</p>
        {loaded.error && <p class="form-error">{localMessage(loaded.error, lang)}</p>}
        {editing && (
          <FigureForm
            key={editing.figure ? `${editing.figure.key}/${editing.figure.year}` : 'new'}
            {...(editing.figure ? { figure: editing.figure } : {})}
            onCancel={() => setEditing(null)}
            onSaved={(f) => {
              setEditing(null);
              setNotice({ kind: 'ok', text: t('ad.figureSaved', { k: t(keyLabel(f.key)), y: f.year }) });
              setVersion((v) => v + 1);
            }}
          />
        )}
        <div class="table-scroll">
          <table class="admin-list" data-figures>
            <thead>
              <tr>
                {list.header('key', t('ad.figureKey'))}
                {list.header('year', t('ad.year'))}
                {list.header('value', t('ad.value'))}
                {list.header('source', t('ad.source'))}
                {list.header('updatedBy', t('ad.updatedBy'))}
                {list.header('updatedAt', t('ad.updatedAt'))}
                <th>{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((f) => (
                <tr key={`${f.key}/${f.year}`} data-figure={`${f.key}/${f.year}`}>
                  <td class="sticky-col">{t(keyLabel(f.key))}</td>
                  <td class="tabular">{f.year}</td>
                  <td class="tabular">{f.value}</td>
                  <td title={f.note ?? ''}>{f.source}</td>
                  <td>{f.updatedBy}</td>
                  <td class="tabular">{fmtTimestamp(f.updatedAt)}</td>
                  <td class="actions">
                    <button type="button" class="link" data-edit onClick={() => setEditing({ figure: f })}>
                      {t('ad.edit')}
                    </button>
                    <ConfirmButton label={t('ad.remove')} marker="data-remove" onConfirm={() => remove(f)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {list.pager}
      </section>
    </DataAdminFrame>
  );
}

function FigureForm(p: { figure?: FigureBody; onSaved: (f: FigureBody) => void; onCancel: () => void }) {
  const { t, lang } = useLang();
  const [f, setF] = useState({
    key: p.figure?.key ?? ('r-t4-threshold' as ExternalFigureKey),
    year: String(p.figure?.year ?? Number(todayIso().slice(0, 4))),
    value: p.figure ? String(p.figure.value) : '',
    source: p.figure?.source ?? '',
    note: p.figure?.note ?? '',
  });
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof f>) => setF((x) => ({ ...x, ...patch }));
  const errors: Partial<Record<'year' | 'value' | 'source', MessageKey>> = {};
  const year = Number(f.year);
  const value = Number(f.value);
  if (!(Number.isInteger(year) && year >= 2000 && year <= 2100)) errors.year = 'v.year';
  if (f.value.trim() === '' || !(Number.isFinite(value) && value > 0)) errors.value = 'v.value';
  if (f.source.trim() === '') errors.source = 'v.source';
  const shown = tried ? errors : {};

  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      p.onSaved(
        await api.setFigure(f.key, year, {
          value,
          source: f.source.trim(),
          note: f.note.trim() === '' ? null : f.note.trim(),
        }),
      );
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  const err = (k: 'year' | 'value' | 'source') =>
    shown[k] && (
      <span class="field-error" data-field-error={k}>
        {t(shown[k])}
      </span>
    );
  return (
    <form class="card admin-form" onSubmit={submit} noValidate data-figure-form>
      <h3>{t('ad.setFigure')}</h3>
      <div class="form-grid">
        <label class="field">
          <span>{t('ad.figureKey')}</span>
          <select
            name="key"
            value={f.key}
            disabled={p.figure !== undefined}
            onChange={(e) => set({ key: (e.target as HTMLSelectElement).value as ExternalFigureKey })}
          >
            {KEYS.map((k) => (
              <option key={k} value={k}>
                {t(keyLabel(k))}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('ad.year')}</span>
          <input
            name="year"
            inputMode="numeric"
            disabled={p.figure !== undefined}
            value={f.year}
            onInput={(e) => set({ year: (e.target as HTMLInputElement).value })}
          />
          {err('year')}
        </label>
        <label class="field">
          <span>{t('ad.value')}</span>
          <input
            name="value"
            inputMode="decimal"
            value={f.value}
            onInput={(e) => set({ value: (e.target as HTMLInputElement).value })}
          />
          {err('value')}
        </label>
        <label class="field">
          <span>{t('ad.source')}</span>
          <input
            name="source"
            value={f.source}
            onInput={(e) => set({ source: (e.target as HTMLInputElement).value })}
          />
          {err('source')}
        </label>
        <label class="field">
          <span>{t('ad.note')}</span>
          <input
            name="note"
            value={f.note}
            onInput={(e) => set({ note: (e.target as HTMLInputElement).value })}
          />
        </label>
      </div>
      {error && (
        <p class="form-error" role="alert" data-form-error>
          {error}
        </p>
      )}
      <FormButtons label={t('ad.save')} marker="data-submit-figure" disabled={busy} onCancel={p.onCancel} />
    </form>
  );
}
