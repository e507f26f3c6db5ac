import type { RoleBody } from '../../api.ts';
import { type MessageKey, useLang } from '../../i18n.ts';

/** Each role with its scope and its permissions in words (roles are data: an administrator may change them). */
export function RolesList({ roles }: { roles: readonly RoleBody[] }) {
  const { t, lang } = useLang();
  const label = (key: string) => {
    const text = t(key as MessageKey);
    return text === key ? key.replace(/^[a-z]+\./, '') : text;
  };
  return (
    <div class="roles-list" data-roles>
      {roles.map((r) => (
        <section class="card role" key={r.id} data-role={r.id}>
          <header>
            <h3>{lang === 'zh' ? r.nameZh : r.nameEn}</h3>
            <span class="tid">{r.id}</span>
          </header>
          <p>
            <span class="muted">{t('scope')}：</span>
            <span data-scope={r.scope}>{label(`scope.${r.scope}`)}</span>
          </p>
          <div class="muted small">{t('permissions')}</div>
          <ul class="perm-list">
            {r.permissions.map((p) => (
              <li key={p} class="chip" title={p} data-permission={p}>
                {label(`perm.${p}`)}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
