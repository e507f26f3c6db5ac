import { useState } from 'preact/hooks';
import { api, type DeviceBody, type DeviceSecretsBody, type SiteBody } from '../../api.ts';
import { errorMessage, type MessageKey, useLang } from '../../i18n.ts';
import { localName } from '../../names.ts';
import { FactorEditor, type FactorRow, factorRowsValid, factorsOf } from './factor-editor.tsx';
import { FormButtons } from './form-buttons.tsx';

interface Fields {
  mn: string;
  siteCode: string;
  name: string;
  crcPolicy: 'strict' | 'standard' | 'modbus' | 'none';
  interval: string;
  offlineAfter: string;
  password: string;
  sm4: 'none' | 'generate';
  role: 'main' | 'backup';
  /** HJ 212-2025 §6.4.4 policy. */
  encryptionRequired: boolean;
  factors: FactorRow[];
}

const EMPTY: Fields = {
  mn: '',
  siteCode: '',
  name: '',
  crcPolicy: 'standard',
  interval: '3600',
  offlineAfter: '3',
  password: '',
  sm4: 'none',
  role: 'main',
  encryptionRequired: false,
  factors: [{ factor: '', parameter: '', scale: '' }],
};

function fieldsOf(d: DeviceBody): Fields {
  return {
    mn: d.mn,
    siteCode: d.siteCode ?? '',
    name: d.name ?? '',
    crcPolicy: d.crcPolicy,
    interval: String(d.expectedIntervalS),
    offlineAfter: String(d.offlineAfterMissed),
    password: '',
    sm4: 'none',
    role: d.role,
    encryptionRequired: d.encryptionRequired,
    factors: d.factors.map((f) => ({ factor: f.factor, parameter: f.parameter, scale: String(f.scale) })),
  };
}

const positiveInt = (s: string) => /^\d+$/.test(s.trim()) && Number(s) >= 1;

function validate(f: Fields, creating: boolean, hasKey: boolean): Partial<Record<keyof Fields, MessageKey>> {
  const e: Partial<Record<keyof Fields, MessageKey>> = {};
  if (creating && !/^[0-9A-Za-z_-]{1,64}$/.test(f.mn.trim())) e.mn = 'v.mn';
  if (f.siteCode === '') e.siteCode = 'v.site';
  if (!positiveInt(f.interval)) e.interval = 'v.number';
  if (!positiveInt(f.offlineAfter)) e.offlineAfter = 'v.number';
  if (creating && f.password !== '' && !/^[^;,=&\r\n]{1,32}$/.test(f.password)) e.password = 'v.pw';
  if (!factorRowsValid(f.factors)) e.factors = 'v.factor';
  if (f.encryptionRequired && !(creating ? f.sm4 === 'generate' : hasKey)) e.encryptionRequired = 'v.encKey';
  return e;
}

/**
 * 登记/编辑数采仪: MN (new only), site, name, CRC policy, interval, offline rule, factor mapping; a new logger's PW
 * and SM4 key (generated when left empty, shown once by the page). Checked here first, then by the API (its message
 * above the buttons).
 */
export function LoggerForm(p: {
  device?: DeviceBody;
  sites: readonly SiteBody[];
  onCreated: (result: DeviceSecretsBody, generated: boolean) => void;
  onSaved: (device: DeviceBody) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useLang();
  const creating = p.device === undefined;
  const [f, setF] = useState<Fields>(() => (p.device ? fieldsOf(p.device) : EMPTY));
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const hasKey = p.device?.encrypted === true;
  const errors = tried ? validate(f, creating, hasKey) : {};
  const set = (patch: Partial<Fields>) => setF((x) => ({ ...x, ...patch }));
  const fieldError = (k: keyof Fields) =>
    errors[k] && (
      <span class="field-error" data-field-error={k}>
        {t(errors[k])}
      </span>
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(validate(f, creating, hasKey)).length > 0) return;
    setBusy(true);
    setError(undefined);
    const common = {
      siteCode: f.siteCode,
      name: f.name.trim() === '' ? null : f.name.trim(),
      crcPolicy: f.crcPolicy,
      expectedIntervalS: Number(f.interval),
      offlineAfterMissed: Number(f.offlineAfter),
      role: f.role,
      encryptionRequired: f.encryptionRequired,
      factors: factorsOf(f.factors),
    };
    try {
      if (creating) {
        const result = await api.registerDevice({
          ...common,
          mn: f.mn.trim(),
          sm4: f.sm4,
          ...(f.password !== '' ? { password: f.password } : {}),
        });
        p.onCreated(result, f.password === '');
      } else {
        p.onSaved(await api.updateDevice(f.mn, common));
      }
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card admin-form" onSubmit={submit} noValidate data-logger-form>
      <h3>{creating ? t('ad.newLogger') : t('ad.editLogger', { mn: f.mn })}</h3>
      <div class="form-grid">
        {creating && (
          <label class="field">
            <span>{t('ad.mn')}</span>
            <input
              name="mn"
              autoComplete="off"
              value={f.mn}
              onInput={(e) => set({ mn: (e.target as HTMLInputElement).value })}
            />
            {fieldError('mn')}
          </label>
        )}
        <label class="field">
          <span>{t('ad.site')}</span>
          <select
            name="siteCode"
            value={f.siteCode}
            onChange={(e) => set({ siteCode: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t('ad.chooseSite')}</option>
            {p.sites.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} · {localName(s, lang)}
              </option>
            ))}
          </select>
          {fieldError('siteCode')}
        </label>
        <label class="field">
          <span>{t('ad.loggerName')}</span>
          <input
            name="name"
            value={f.name}
            onInput={(e) => set({ name: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label class="field">
          <span>{t('ad.crc')}</span>
          <select
            name="crcPolicy"
            value={f.crcPolicy}
            onChange={(e) => set({ crcPolicy: (e.target as HTMLSelectElement).value as Fields['crcPolicy'] })}
          >
            {(['standard', 'strict', 'modbus', 'none'] as const).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('ad.interval')}</span>
          <input
            name="interval"
            inputMode="numeric"
            value={f.interval}
            onInput={(e) => set({ interval: (e.target as HTMLInputElement).value })}
          />
          {fieldError('interval')}
        </label>
        <label class="field">
          <span>{t('ad.offlineAfter')}</span>
          <input
            name="offlineAfter"
            inputMode="numeric"
            value={f.offlineAfter}
            onInput={(e) => set({ offlineAfter: (e.target as HTMLInputElement).value })}
          />
          {fieldError('offlineAfter')}
        </label>
        <label class="field">
          <span>{t('ad.role')}</span>
          <select
            name="role"
            value={f.role}
            onChange={(e) => set({ role: (e.target as HTMLSelectElement).value as Fields['role'] })}
          >
            <option value="main">{t('ad.role.main')}</option>
            <option value="backup">{t('ad.role.backup')}</option>
          </select>
          <span class="muted small">{t('ad.roleHint')}</span>
        </label>
        <label class="field">
          <span>
            <input
              type="checkbox"
              name="encryptionRequired"
              checked={f.encryptionRequired}
              onChange={(e) => set({ encryptionRequired: (e.target as HTMLInputElement).checked })}
            />{' '}
            {t('ad.encRequired')}
          </span>
          <span class="muted small">{t('ad.encRequiredHint')}</span>
          {fieldError('encryptionRequired')}
        </label>
        {creating && (
          <>
            <label class="field">
              <span>{t('ad.password')}</span>
              <input
                name="password"
                type="password"
                autoComplete="new-password"
                value={f.password}
                onInput={(e) => set({ password: (e.target as HTMLInputElement).value })}
              />
              {fieldError('password')}
            </label>
            <label class="field">
              <span>{t('ad.sm4')}</span>
              <select
                name="sm4"
                value={f.sm4}
                onChange={(e) => set({ sm4: (e.target as HTMLSelectElement).value as Fields['sm4'] })}
              >
                <option value="none">{t('ad.sm4None')}</option>
                <option value="generate">{t('ad.sm4Generate')}</option>
              </select>
            </label>
          </>
        )}
      </div>
      <FactorEditor rows={f.factors} onChange={(factors) => set({ factors })} />
      {fieldError('factors')}
      {error && (
        <p class="form-error" role="alert" data-form-error>
          {error}
        </p>
      )}
      <FormButtons
        label={creating ? t('ad.newLogger') : t('ad.save')}
        marker="data-submit-logger"
        disabled={busy}
        onCancel={p.onCancel}
      />
    </form>
  );
}
