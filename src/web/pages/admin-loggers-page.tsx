import { useState } from 'preact/hooks';
import { api, type DeviceBody, type DeviceSecretsBody } from '../api.ts';
import { ConfirmButton } from '../components/admin/confirm-button.tsx';
import { type AdminNotice, DataAdminFrame } from '../components/admin/data-tabs.tsx';
import { LoggerForm } from '../components/admin/logger-form.tsx';
import { useSortedPages } from '../components/admin/sorted-pages.tsx';
import { errorMessage, localMessage, type Translate, useLang } from '../i18n.ts';
import { useData } from '../use-data.ts';

type Panel = { kind: 'new' } | { kind: 'edit'; device: DeviceBody } | { kind: 'key'; device: DeviceBody };

/** The notice after a registration or key rotation: the new secrets, shown this once. */
function secretsNotice(t: Translate, r: DeviceSecretsBody, text: string, generated: boolean): AdminNotice {
  const mn = r.device.mn;
  const secrets = generated ? [{ label: t('ad.pwOnce', { mn }), secret: r.password }] : [];
  if (r.sm4Key) secrets.push({ label: t('ad.sm4Once', { mn }), secret: r.sm4Key });
  return { kind: 'ok', text: generated ? text : `${text}；${t('ad.pwGiven', { mn })}`, secrets };
}

/** 数采仪管理 (devices:write): register, edit, enable/disable, rotate the key of, remove HJ 212 data loggers. */
export function Page() {
  const { t, lang } = useLang();
  const [version, setVersion] = useState(0);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [notice, setNotice] = useState<AdminNotice | null>(null);
  const loaded = useData(() => Promise.all([api.devices(), api.allSites()]), [version]);
  const devices = loaded.data?.[0].devices ?? [];
  const sites = loaded.data?.[1].sites ?? [];
  const reload = () => setVersion((v) => v + 1);
  const fail = (err: unknown) =>
    setNotice({
      kind: 'error',
      text: errorMessage(err, lang),
    });

  const list = useSortedPages(
    devices,
    (d, key) =>
      key === 'factors' ? d.factors.length : (d[key as keyof DeviceBody] as string | number | boolean | null),
    { key: 'mn' },
  );

  const toggle = async (d: DeviceBody) => {
    try {
      await api.updateDevice(d.mn, { enabled: !d.enabled });
      setNotice({ kind: 'ok', text: t(d.enabled ? 'ad.loggerDisabled' : 'ad.loggerEnabled', { mn: d.mn }) });
      reload();
    } catch (err) {
      fail(err);
    }
  };
  const remove = async (d: DeviceBody) => {
    try {
      await api.removeDevice(d.mn);
      setNotice({ kind: 'ok', text: t('ad.loggerRemoved', { mn: d.mn }) });
      reload();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <DataAdminFrame page="admin-loggers" notice={notice} onCloseNotice={() => setNotice(null)}>
      <section class="card">
        <div class="card-head">
          <h2>{t('ad.tabLoggers')}</h2>
          {!panel && (
            <button type="button" class="button" data-new-logger onClick={() => setPanel({ kind: 'new' })}>
              {t('ad.newLogger')}
            </button>
          )}
        </div>
        {loaded.error && <p class="form-error">{localMessage(loaded.error, lang)}</p>}
        {(panel?.kind === 'new' || panel?.kind === 'edit') && (
          <LoggerForm
            key={panel.kind === 'edit' ? panel.device.mn : 'new'}
            {...(panel.kind === 'edit' ? { device: panel.device } : {})}
            sites={sites}
            onCancel={() => setPanel(null)}
            onCreated={(r, generated) => {
              setPanel(null);
              setNotice(secretsNotice(t, r, t('ad.loggerCreated', { mn: r.device.mn }), generated));
              reload();
            }}
            onSaved={(d) => {
              setPanel(null);
              setNotice({ kind: 'ok', text: t('ad.loggerSaved', { mn: d.mn }) });
              reload();
            }}
          />
        )}
        {panel?.kind === 'key' && (
          <RotateKeyPanel
            device={panel.device}
            onCancel={() => setPanel(null)}
            onDone={(r) => {
              setPanel(null);
              setNotice(secretsNotice(t, r, t('ad.loggerSaved', { mn: r.device.mn }), true));
              reload();
            }}
            onError={fail}
          />
        )}
        <div class="table-scroll">
          <table class="admin-list" data-loggers>
            <thead>
              <tr>
                {list.header('mn', 'MN')}
                {list.header('siteCode', t('ad.site'))}
                {list.header('name', t('ad.loggerName'))}
                {list.header('role', t('ad.role'))}
                {list.header('factors', t('ad.factors'))}
                {list.header('crcPolicy', t('ad.crc'))}
                {list.header('expectedIntervalS', t('ad.interval'))}
                {list.header('enabled', t('ad.state'))}
                <th>{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((d) => (
                <tr key={d.mn} data-logger={d.mn} data-enabled={d.enabled ? 'yes' : 'no'}>
                  <td class="sticky-col mono">{d.mn}</td>
                  <td>{d.siteCode ?? '—'}</td>
                  <td>{d.name ?? '—'}</td>
                  <td data-role={d.role}>{t(d.role === 'backup' ? 'ad.role.backup' : 'ad.role.main')}</td>
                  <td title={d.factors.map((f) => `${f.factor}=${f.parameter}`).join(' ')}>
                    {d.factors.map((f) => f.parameter).join('、') || '—'}
                  </td>
                  <td>{d.crcPolicy}</td>
                  <td class="tabular">{d.expectedIntervalS}</td>
                  <td>
                    <span class={d.enabled ? 'state-on' : 'state-off'}>
                      {d.enabled ? t('ad.enabled') : t('ad.disabled')}
                    </span>
                    {d.encrypted ? ' · SM4' : ''}
                    {d.encryptionRequired ? ` · ${t('ad.encRequiredTag')}` : ''}
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="link"
                      data-edit
                      onClick={() => setPanel({ kind: 'edit', device: d })}
                    >
                      {t('ad.edit')}
                    </button>
                    <button type="button" class="link" data-toggle onClick={() => void toggle(d)}>
                      {d.enabled ? t('ad.disable') : t('ad.enable')}
                    </button>
                    <button
                      type="button"
                      class="link"
                      data-rotate
                      onClick={() => setPanel({ kind: 'key', device: d })}
                    >
                      {t('ad.rotateKey')}
                    </button>
                    <ConfirmButton label={t('ad.remove')} marker="data-remove" onConfirm={() => remove(d)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {list.pager}
        <p class="muted small">{t('ad.removeNote')}</p>
      </section>
    </DataAdminFrame>
  );
}

/** 轮换密钥: a new PW (generated) and, as chosen, the SM4 key kept, generated or removed. Confirmed first. */
function RotateKeyPanel(p: {
  device: DeviceBody;
  onDone: (r: DeviceSecretsBody) => void;
  onCancel: () => void;
  onError: (err: unknown) => void;
}) {
  const { t } = useLang();
  const [sm4, setSm4] = useState<'keep' | 'generate' | 'none'>(p.device.encrypted ? 'keep' : 'none');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      p.onDone(await api.rotateDeviceKey(p.device.mn, { sm4 }));
    } catch (err) {
      p.onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card admin-form" onSubmit={submit} data-rotate-form>
      <h3>{t('ad.rotateTitle', { mn: p.device.mn })}</h3>
      <p class="muted">{t('ad.rotateNote')}</p>
      <label class="field">
        <span>{t('ad.sm4')}</span>
        <select
          name="sm4"
          value={sm4}
          onChange={(e) => setSm4((e.target as HTMLSelectElement).value as typeof sm4)}
        >
          {p.device.encrypted && <option value="keep">{t('ad.sm4Keep')}</option>}
          <option value="generate">{t('ad.sm4Generate')}</option>
          <option value="none">{p.device.encrypted ? t('ad.sm4Remove') : t('ad.sm4None')}</option>
        </select>
      </label>
      <div class="toolbar">
        <button type="submit" class="button" disabled={busy} data-submit-rotate>
          {t('ad.rotate')}
        </button>
        <button type="button" class="button secondary" onClick={p.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
