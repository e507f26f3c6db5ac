import { useEffect, useState } from 'preact/hooks';
import { api, type RoleBody, type SiteBody, type UserBody } from '../../api.ts';
import { errorMessage, type Lang, useLang } from '../../i18n.ts';
import { localName } from '../../names.ts';
import { FormButtons } from './form-buttons.tsx';
import type { Notice } from './user-table.tsx';

/** Roles whose reach is the user's own sites (user_sites): an inspector's assigned sites, an enterprise's outlets. */
const OWN_SITE_SCOPES = new Set(['assigned', 'enterprise']);

/** Whether the user holds a role that reaches only its own sites, so that 「关联站点」 means something. */
export function hasOwnSites(user: UserBody, roles: readonly RoleBody[]): boolean {
  return user.roles.some((id) => OWN_SITE_SCOPES.has(roles.find((r) => r.id === id)?.scope ?? ''));
}

/** Every site (the administrator sees them all): read once per page load. */
let loading: Promise<SiteBody[]> | undefined;
function loadSites(): Promise<SiteBody[]> {
  loading ??= api.allSites().then(
    (r) => r.sites,
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

const siteName = (s: SiteBody, lang: Lang) => localName(s, lang);

/**
 * 「关联站点」: the sites a user's own-site roles reach — outlets (排口) and air stations, grouped, with their
 * names. Saving replaces the whole set (PUT /api/users/{id}/sites, audited).
 */
export function UserSitesPanel(p: {
  user: UserBody;
  close: () => void;
  onNotice: (notice: Notice) => void;
  onSaved?: (sites: string[]) => void;
}) {
  const { t, lang } = useLang();
  const [sites, setSites] = useState<SiteBody[] | null>(null);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [initial, setInitial] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    Promise.all([loadSites(), api.userSites(p.user.id)]).then(
      ([all, own]) => {
        if (!current) return;
        setSites(all);
        setChosen(own.sites);
        setInitial(own.sites);
      },
      (err: unknown) => current && setError(errorMessage(err, lang)),
    );
    return () => {
      current = false;
    };
  }, [p.user.id]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    try {
      const result = await api.setUserSites(p.user.id, chosen);
      p.onSaved?.(result.sites);
      p.onNotice({ kind: 'ok', text: t('userSitesSaved', { u: p.user.username, n: result.sites.length }) });
      p.close();
    } catch (err) {
      p.onNotice({ kind: 'error', text: errorMessage(err, lang) });
    } finally {
      setBusy(false);
    }
  };

  if (error) return <p class="form-error">{error}</p>;
  if (!sites || !chosen) return <div class="loading">{t('loading')}</div>;

  // Codes the user holds that the list does not have (a site removed since) stay visible, and can be unticked.
  const unknown = chosen.filter((c) => !sites.some((s) => s.code === c));
  const groups: { kind: string; label: string; items: { code: string; name: string }[] }[] = [
    {
      kind: 'outlet',
      label: t('sitesOutlets'),
      items: sites.filter((s) => s.kind === 'outlet').map((s) => ({ code: s.code, name: siteName(s, lang) })),
    },
    {
      kind: 'air_station',
      label: t('sitesStations'),
      items: sites
        .filter((s) => s.kind === 'air_station')
        .map((s) => ({ code: s.code, name: siteName(s, lang) })),
    },
    ...(unknown.length > 0
      ? [{ kind: 'unknown', label: t('sitesUnknown'), items: unknown.map((code) => ({ code, name: code })) }]
      : []),
  ];
  const toggle = (code: string, on: boolean) =>
    setChosen((c) => (on ? [...(c ?? []), code] : (c ?? []).filter((x) => x !== code)));
  const changed = [...chosen].sort().join() !== [...initial].sort().join();

  return (
    <form class="panel" onSubmit={save} data-user-sites={p.user.username}>
      <div class="muted small">{t('userSitesHint')}</div>
      {groups.map((g) =>
        g.items.length === 0 ? null : (
          <fieldset key={g.kind} class="site-group" data-site-group={g.kind}>
            <legend>
              {g.label}
              <span class="muted small">
                {' '}
                {t('sitesChosen', {
                  n: g.items.filter((s) => chosen.includes(s.code)).length,
                  m: g.items.length,
                })}
              </span>
            </legend>
            <div class="checks">
              {g.items.map((s) => (
                <label key={s.code} class={`chip${chosen.includes(s.code) ? ' on' : ''}`} title={s.code}>
                  <input
                    type="checkbox"
                    name="site"
                    value={s.code}
                    checked={chosen.includes(s.code)}
                    onChange={(e) => toggle(s.code, (e.target as HTMLInputElement).checked)}
                  />
                  {s.name}
                  <span class="tid">{s.code}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ),
      )}
      <FormButtons label={t('save')} marker="data-save-sites" disabled={busy || !changed} onCancel={p.close}>
        <span class="muted small">{t('sitesChosenAll', { n: chosen.length })}</span>
      </FormButtons>
    </form>
  );
}
