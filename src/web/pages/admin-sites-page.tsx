import { useState } from 'preact/hooks';
import { api, type SiteAdminBody } from '../api.ts';
import { type AdminNotice, DataAdminFrame } from '../components/admin/data-tabs.tsx';
import { SiteForm } from '../components/admin/site-form.tsx';
import { useSortedPages } from '../components/admin/sorted-pages.tsx';
import { localMessage, type MessageKey, useLang } from '../i18n.ts';
import { placeName, usePlaces } from '../places.ts';
import { useData } from '../use-data.ts';

/** 站点管理 (sites:write): every site, sortable and paged; create and edit. */
export function Page() {
  const { t, lang } = useLang();
  const [version, setVersion] = useState(0);
  const [panel, setPanel] = useState<{ site?: SiteAdminBody } | null>(null);
  const [notice, setNotice] = useState<AdminNotice | null>(null);
  const loaded = useData(() => api.adminSites(), [version]);
  const places = usePlaces();
  const sites = loaded.data?.sites ?? [];
  const town = (s: SiteAdminBody) => placeName(places, s.townshipId, lang) ?? '';
  const list = useSortedPages(
    sites,
    (s, key) =>
      key === 'township' ? town(s) : (s[key as keyof SiteAdminBody] as string | number | boolean | null),
    { key: 'code' },
  );

  return (
    <DataAdminFrame page="admin-sites" notice={notice} onCloseNotice={() => setNotice(null)}>
      <section class="card">
        <div class="card-head">
          <h2>{t('ad.tabSites')}</h2>
          {!panel && (
            <button type="button" class="button" data-new-site onClick={() => setPanel({})}>
              {t('ad.newSite')}
            </button>
          )}
        </div>
        {loaded.error && <p class="form-error">{localMessage(loaded.error, lang)}</p>}
        {panel && (
          <SiteForm
            key={panel.site?.code ?? 'new'}
            {...(panel.site ? { site: panel.site } : {})}
            places={places}
            onCancel={() => setPanel(null)}
            onSaved={(s, created) => {
              setPanel(null);
              setNotice({
                kind: 'ok',
                text: t(created ? 'ad.siteCreated' : 'ad.siteSaved', { code: s.code }),
              });
              setVersion((v) => v + 1);
            }}
          />
        )}
        <div class="table-scroll">
          <table class="admin-list" data-sites>
            <thead>
              <tr>
                {list.header('code', t('ad.code'))}
                {list.header('name', t('ad.siteName'))}
                {list.header('nameEn', t('ad.nameEn'))}
                {list.header('kind', t('ad.kind'))}
                {list.header('tier', t('ad.tier'))}
                {list.header('township', t('ad.township'))}
                <th>{t('ad.coords')}</th>
                {list.header('inDistrictValue', t('ad.inDistrict'))}
                <th>{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((s) => (
                <tr key={s.code} data-site={s.code}>
                  <td class="sticky-col mono">
                    {s.code}
                    {s.isSample && <span class="badge sample">{t('ad.sample')}</span>}
                  </td>
                  <td>{s.name}</td>
                  <td>{s.nameEn ?? '—'}</td>
                  <td>{t(`ad.kind.${s.kind}`)}</td>
                  <td>{s.tier ? t(`ad.tier.${s.tier}` as MessageKey) : '—'}</td>
                  <td>{town(s) || '—'}</td>
                  <td class="tabular">{s.lon !== null && s.lat !== null ? `${s.lon}, ${s.lat}` : '—'}</td>
                  <td>{s.inDistrictValue ? t('ad.yes') : t('ad.no')}</td>
                  <td class="actions">
                    <button type="button" class="link" data-edit onClick={() => setPanel({ site: s })}>
                      {t('ad.edit')}
                    </button>
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
