import { useState } from 'preact/hooks';
import { api, type DustDayBody } from '../api.ts';
import { ConfirmButton } from '../components/admin/confirm-button.tsx';
import { type AdminNotice, DataAdminFrame } from '../components/admin/data-tabs.tsx';
import { FormButtons } from '../components/admin/form-buttons.tsx';
import { useSortedPages } from '../components/admin/sorted-pages.tsx';
import { Chem } from '../components/pollutant.tsx';
import { fmtTimestamp, todayIso } from '../format.ts';
import { errorMessage, localMessage, type MessageKey, useLang } from '../i18n.ts';
import { useData } from '../use-data.ts';

/** 沙尘/异常日 (dust-days:write): a year's marked days with their notice (文号); add and remove (confirmed). */
export function Page() {
  const { t, lang } = useLang();
  const [year, setYear] = useState(Number(todayIso().slice(0, 4)));
  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<AdminNotice | null>(null);
  const loaded = useData(() => api.dustDays(`${year}-01-01`, `${year}-12-31`), [year, version]);
  const days = loaded.data?.days ?? [];
  const list = useSortedPages(days, (d, key) => d[key as keyof DustDayBody], { key: 'date', desc: true });
  const remove = async (d: DustDayBody) => {
    try {
      await api.removeDustDay(d.date);
      setNotice({ kind: 'ok', text: t('ad.dustRemoved', { date: d.date }) });
      setVersion((v) => v + 1);
    } catch (err) {
      setNotice({
        kind: 'error',
        text: errorMessage(err, lang),
      });
    }
  };

  return (
    <DataAdminFrame page="admin-dust-days" notice={notice} onCloseNotice={() => setNotice(null)}>
      <section class="card">
        <div class="card-head">
          <h2>{t('ad.dustTitle')}</h2>
          <label class="inline">
            {t('ad.year')}{' '}
            <input
              type="number"
              name="year"
              min={2000}
              max={2100}
              value={year}
              onChange={(e) => {
                const y = Number((e.target as HTMLInputElement).value);
                if (y >= 2000 && y <= 2100) setYear(y);
              }}
            />
          </label>
          {!adding && (
            <button type="button" class="button" data-new-dust-day onClick={() => setAdding(true)}>
              {t('ad.newDustDay')}
            </button>
          )}
        </div>
        <p class="muted small">
          <Chem text={t('ad.dustNote')} />
        </p>
        {loaded.error && <p class="form-error">{localMessage(loaded.error, lang)}</p>}
        {adding && (
          <DustDayForm
            onCancel={() => setAdding(false)}
            onAdded={(d) => {
              setAdding(false);
              setNotice({ kind: 'ok', text: t('ad.dustAdded', { date: d.date }) });
              setYear(Number(d.date.slice(0, 4)));
              setVersion((v) => v + 1);
            }}
          />
        )}
        <div class="table-scroll">
          <table class="admin-list" data-dust-days>
            <thead>
              <tr>
                {list.header('date', t('ad.date'))}
                {list.header('kind', t('ad.dustKind'))}
                {list.header('noticeRef', t('ad.noticeRef'))}
                {list.header('note', t('ad.note'))}
                {list.header('createdBy', t('ad.markedBy'))}
                {list.header('createdAt', t('ad.updatedAt'))}
                <th>{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((d) => (
                <tr key={d.date} data-dust-day={d.date}>
                  <td class="sticky-col tabular">{d.date}</td>
                  <td>{t(`ad.dustKind.${d.kind}` as MessageKey)}</td>
                  <td>{d.noticeRef ?? '—'}</td>
                  <td>{d.note ?? '—'}</td>
                  <td>{d.createdBy}</td>
                  <td class="tabular">{fmtTimestamp(d.createdAt)}</td>
                  <td class="actions">
                    <ConfirmButton label={t('ad.remove')} marker="data-remove" onConfirm={() => remove(d)} />
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

function DustDayForm(p: { onAdded: (d: DustDayBody) => void; onCancel: () => void }) {
  const { t, lang } = useLang();
  const [f, setF] = useState({
    date: '',
    kind: 'sand_dust' as 'sand_dust' | 'exceptional',
    noticeRef: '',
    note: '',
  });
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const errors: { date?: MessageKey; noticeRef?: MessageKey } = {};
  if (tried && !/^\d{4}-\d{2}-\d{2}$/.test(f.date)) errors.date = 'v.date';
  if (tried && f.noticeRef.trim() === '') errors.noticeRef = 'v.notice';
  const set = (patch: Partial<typeof f>) => setF((x) => ({ ...x, ...patch }));
  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.date) || f.noticeRef.trim() === '') return;
    setBusy(true);
    setError(undefined);
    try {
      p.onAdded(
        await api.addDustDay({
          date: f.date,
          kind: f.kind,
          noticeRef: f.noticeRef.trim(),
          note: f.note.trim() === '' ? null : f.note.trim(),
        }),
      );
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card admin-form" onSubmit={submit} noValidate data-dust-form>
      <h3>{t('ad.newDustDay')}</h3>
      <div class="form-grid">
        <label class="field">
          <span>{t('ad.date')}</span>
          <input
            type="date"
            name="date"
            value={f.date}
            onInput={(e) => set({ date: (e.target as HTMLInputElement).value })}
          />
          {errors.date && <span class="field-error">{t(errors.date)}</span>}
        </label>
        <label class="field">
          <span>{t('ad.dustKind')}</span>
          <select
            name="kind"
            value={f.kind}
            onChange={(e) => set({ kind: (e.target as HTMLSelectElement).value as typeof f.kind })}
          >
            <option value="sand_dust">{t('ad.dustKind.sand_dust')}</option>
            <option value="exceptional">{t('ad.dustKind.exceptional')}</option>
          </select>
        </label>
        <label class="field">
          <span>{t('ad.noticeRef')}</span>
          <input
            name="noticeRef"
            value={f.noticeRef}
            onInput={(e) => set({ noticeRef: (e.target as HTMLInputElement).value })}
          />
          {errors.noticeRef && <span class="field-error">{t(errors.noticeRef)}</span>}
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
      <FormButtons
        label={t('ad.newDustDay')}
        marker="data-submit-dust"
        disabled={busy}
        onCancel={p.onCancel}
      />
    </form>
  );
}
