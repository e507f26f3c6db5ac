import { useState } from 'preact/hooks';
import { HEBI_BOUNDS, inHebi } from '#contract/hebi-bounds.ts';
import { api, type PlaceBody, type SiteAdminBody } from '../../api.ts';
import { errorMessage, type MessageKey, useLang } from '../../i18n.ts';
import { localName } from '../../names.ts';
import { organisations } from '../../places.ts';
import { FormButtons } from './form-buttons.tsx';

const KINDS = ['air_station', 'outlet'] as const;
const TIERS = ['national', 'provincial', 'city', 'township'] as const;

interface Fields {
  code: string;
  name: string;
  nameEn: string;
  kind: (typeof KINDS)[number];
  tier: '' | (typeof TIERS)[number];
  townshipId: string;
  lon: string;
  lat: string;
  inDistrictValue: boolean;
}

const EMPTY: Fields = {
  code: '',
  name: '',
  nameEn: '',
  kind: 'air_station',
  tier: '',
  townshipId: '',
  lon: '',
  lat: '',
  inDistrictValue: true,
};

function fieldsOf(s: SiteAdminBody): Fields {
  return {
    code: s.code,
    name: s.name,
    nameEn: s.nameEn ?? '',
    kind: s.kind,
    tier: (s.tier ?? '') as Fields['tier'],
    townshipId: s.townshipId ?? '',
    lon: s.lon === null ? '' : String(s.lon),
    lat: s.lat === null ? '' : String(s.lat),
    inDistrictValue: s.inDistrictValue,
  };
}

const coord = (s: string) => (s.trim() === '' ? null : Number(s));

function validate(f: Fields, creating: boolean): Partial<Record<keyof Fields, MessageKey>> {
  const e: Partial<Record<keyof Fields, MessageKey>> = {};
  if (creating && !/^[0-9A-Za-z_-]{1,32}$/.test(f.code.trim())) e.code = 'v.code';
  if (f.name.trim() === '') e.name = 'v.siteName';
  const lon = coord(f.lon);
  const lat = coord(f.lat);
  const pairOk = (lon === null) === (lat === null);
  if (
    !pairOk ||
    (lon !== null && lat !== null && !(Number.isFinite(lon) && Number.isFinite(lat) && inHebi(lon, lat)))
  )
    e.lon = 'v.coords';
  return e;
}

/** 新建/编辑站点: code (new only), names, kind, tier, township from the places list, coordinates in Hebi, 计入全区. */
export function SiteForm(p: {
  site?: SiteAdminBody;
  places: readonly PlaceBody[];
  onSaved: (site: SiteAdminBody, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useLang();
  const creating = p.site === undefined;
  const [f, setF] = useState<Fields>(() => (p.site ? fieldsOf(p.site) : EMPTY));
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const errors = tried ? validate(f, creating) : {};
  const set = (patch: Partial<Fields>) => setF((x) => ({ ...x, ...patch }));
  const fieldError = (k: keyof Fields) =>
    errors[k] && (
      <span class="field-error" data-field-error={k}>
        {t(errors[k])}
      </span>
    );
  const { townships } = organisations(p.places);
  const text = (k: 'code' | 'name' | 'nameEn' | 'lon' | 'lat', label: MessageKey, numeric = false) => (
    <label class="field">
      <span>{t(label)}</span>
      <input
        name={k}
        autoComplete="off"
        {...(numeric ? { inputMode: 'decimal' as const } : {})}
        value={f[k]}
        onInput={(e) => set({ [k]: (e.target as HTMLInputElement).value })}
      />
      {fieldError(k)}
    </label>
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(validate(f, creating)).length > 0) return;
    setBusy(true);
    setError(undefined);
    const body = {
      name: f.name.trim(),
      nameEn: f.nameEn.trim() === '' ? null : f.nameEn.trim(),
      kind: f.kind,
      tier: f.tier === '' ? null : f.tier,
      townshipId: f.townshipId === '' ? null : f.townshipId,
      lon: coord(f.lon),
      lat: coord(f.lat),
      inDistrictValue: f.inDistrictValue,
    };
    try {
      if (creating) p.onSaved(await api.createSite({ ...body, code: f.code.trim() }), true);
      else p.onSaved(await api.updateSite(f.code, body), false);
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card admin-form" onSubmit={submit} noValidate data-site-form>
      <h3>{creating ? t('ad.newSite') : t('ad.editSite', { code: f.code })}</h3>
      <div class="form-grid">
        {creating && text('code', 'ad.code')}
        {text('name', 'ad.siteName')}
        {text('nameEn', 'ad.nameEn')}
        <label class="field">
          <span>{t('ad.kind')}</span>
          <select
            name="kind"
            value={f.kind}
            onChange={(e) => set({ kind: (e.target as HTMLSelectElement).value as Fields['kind'] })}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`ad.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('ad.tier')}</span>
          <select
            name="tier"
            value={f.tier}
            onChange={(e) => set({ tier: (e.target as HTMLSelectElement).value as Fields['tier'] })}
          >
            <option value="">—</option>
            {TIERS.map((k) => (
              <option key={k} value={k}>
                {t(`ad.tier.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('ad.township')}</span>
          <select
            name="townshipId"
            value={f.townshipId}
            onChange={(e) => set({ townshipId: (e.target as HTMLSelectElement).value })}
          >
            <option value="">—</option>
            {townships.map((x) => (
              <option key={x.id} value={x.id}>
                {localName(x, lang)}
              </option>
            ))}
          </select>
        </label>
        {text('lon', 'ad.lon', true)}
        {text('lat', 'ad.lat', true)}
        <label class="field check">
          <input
            type="checkbox"
            name="inDistrictValue"
            checked={f.inDistrictValue}
            onChange={(e) => set({ inDistrictValue: (e.target as HTMLInputElement).checked })}
          />
          <span>{t('ad.inDistrict')}</span>
        </label>
      </div>
      <p class="muted small">{t('ad.coordsHint', { ...HEBI_BOUNDS })}</p>
      {error && (
        <p class="form-error" role="alert" data-form-error>
          {error}
        </p>
      )}
      <FormButtons
        label={creating ? t('ad.newSite') : t('ad.save')}
        marker="data-submit-site"
        disabled={busy}
        onCancel={p.onCancel}
      />
    </form>
  );
}
