import type { PlaceBody, RoleBody } from '../../api.ts';
import { type Lang, useLang } from '../../i18n.ts';
import { localName } from '../../names.ts';
import { organisations } from '../../places.ts';

/** Form pieces shared by "new user" and "edit user": the organisation select and the role checkboxes. */

export const roleName = (r: RoleBody, lang: Lang) => (lang === 'zh' ? r.nameZh : r.nameEn);

export function OrgSelect(props: {
  places: readonly PlaceBody[];
  value: string | null;
  onChange: (id: string | null) => void;
  name?: string;
}) {
  const { t, lang } = useLang();
  const { townships, departments } = organisations(props.places);
  const label = (p: PlaceBody) => localName(p, lang);
  return (
    <select
      name={props.name ?? 'organisationId'}
      aria-label={t('organisation')}
      value={props.value ?? ''}
      onChange={(e) => {
        const v = (e.target as HTMLSelectElement).value;
        props.onChange(v === '' ? null : v);
      }}
    >
      <option value="">{t('districtWide')}</option>
      <optgroup label={t('township')}>
        {townships.map((p) => (
          <option key={p.id} value={p.id}>
            {label(p)}
          </option>
        ))}
      </optgroup>
      {departments.length > 0 && (
        <optgroup label={t('department')}>
          {departments.map((p) => (
            <option key={p.id} value={p.id}>
              {label(p)}
            </option>
          ))}
        </optgroup>
      )}
    </select>
  );
}

export function RoleChecks(props: {
  roles: readonly RoleBody[];
  value: readonly string[];
  onChange: (roles: string[]) => void;
}) {
  const { lang } = useLang();
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.value, id] : props.value.filter((r) => r !== id));
  return (
    <div class="checks" data-role-checks>
      {props.roles.map((r) => (
        <label key={r.id} class={`chip${props.value.includes(r.id) ? ' on' : ''}`}>
          <input
            type="checkbox"
            name="role"
            value={r.id}
            checked={props.value.includes(r.id)}
            onChange={(e) => toggle(r.id, (e.target as HTMLInputElement).checked)}
          />
          {roleName(r, lang)}
        </label>
      ))}
    </div>
  );
}
