import { useState } from 'preact/hooks';
import type { AuditEntry } from '../../api.ts';
import { fmtTimestamp } from '../../format.ts';
import { useLang } from '../../i18n.ts';
import {
  changedFields,
  changeLine,
  detailText,
  entityText,
  labelOf,
  type Names,
  originLabel,
  valueText,
} from './audit-format.ts';

/** How many changed fields a row shows before 「展开」. */
const SHOWN = 2;

/** One page of audit entries: time, who, what, on what, from where, and the changed fields (expandable). */
export function AuditTable(props: { entries: readonly AuditEntry[]; names: Names }) {
  const { t } = useLang();
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  if (props.entries.length === 0)
    return (
      <p class="muted" data-audit-empty>
        {t('auditNone')}
      </p>
    );
  return (
    <div class="table-wrap">
      <table class="audit" data-audit>
        <thead>
          <tr>
            <th>{t('auditTime')}</th>
            <th>{t('auditActor')}</th>
            <th>{t('auditAction')}</th>
            <th>{t('auditEntity')}</th>
            <th>{t('auditOrigin')}</th>
            <th>{t('auditChanges')}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <AuditRow
              key={e.id}
              entry={e}
              names={props.names}
              open={open.has(e.id)}
              toggle={() => toggle(e.id)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditRow(p: { entry: AuditEntry; names: Names; open: boolean; toggle: () => void }) {
  const { t } = useLang();
  const e = p.entry;
  const changes = changedFields(e.before, e.after);
  // The row names its object already: a creation's summary starts with what was set, not the new number.
  const summary = changes.filter((c) => c.key !== 'id');
  const hasDetail = e.detail !== null && e.detail !== undefined;
  const expandable = changes.length > 0 || hasDetail;
  return (
    <>
      <tr data-audit-entry={e.id} data-action={e.action} class={p.open ? 'is-open' : ''}>
        <td class="tabular" title={`#${e.id}`}>
          {fmtTimestamp(e.at)}
        </td>
        <td>{e.actor}</td>
        <td>
          <span class={`audit-action action-${e.action}`} title={e.action}>
            {labelOf(t, 'action', e.action)}
          </span>
        </td>
        <td data-col="entity">{entityText(e, t, p.names)}</td>
        <td class="muted">{originLabel(t, e.origin)}</td>
        <td class="audit-changes" data-col="changes">
          {summary.length === 0 ? (
            <span class="muted">—</span>
          ) : (
            summary.slice(0, SHOWN).map((c) => (
              <div key={c.key} class="change-line" data-change={c.key}>
                {changeLine(c, t, p.names)}
              </div>
            ))
          )}
          {expandable && (
            <button type="button" class="link" aria-expanded={p.open} data-expand={e.id} onClick={p.toggle}>
              {p.open
                ? t('collapse')
                : summary.length > SHOWN
                  ? t('auditMore', { n: summary.length - SHOWN })
                  : t('expand')}
            </button>
          )}
        </td>
      </tr>
      {p.open && (
        <tr class="panel-row" data-audit-detail={e.id}>
          <td colSpan={6}>
            <AuditDetail entry={e} names={p.names} />
          </td>
        </tr>
      )}
    </>
  );
}

/** Every changed field with its value before and after, the entry's detail and its place in the chain. */
function AuditDetail({ entry: e, names }: { entry: AuditEntry; names: Names }) {
  const { t } = useLang();
  const changes = changedFields(e.before, e.after);
  return (
    <div class="panel audit-detail">
      {changes.length > 0 && (
        <table class="diff" data-diff>
          <thead>
            <tr>
              <th>{t('auditField')}</th>
              <th>{t('auditBefore')}</th>
              <th>{t('auditAfter')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.key} data-field={c.key}>
                <td>{c.key === '' ? '—' : labelOf(t, 'field', c.key)}</td>
                <td class="before">{valueText(c.key, c.before, t, names)}</td>
                <td class="after">{valueText(c.key, c.after, t, names)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {e.detail !== null && e.detail !== undefined && (
        <div>
          <span class="muted small">{t('auditDetail')}：</span>
          {detailText(e.detail, t, names)}
        </div>
      )}
      <div class="muted small">
        #{e.id} · {e.action} · {e.entity}
        {e.entityId !== null ? ` ${e.entityId}` : ''} · {t('auditHash')} <code class="hash">{e.hash}</code>
      </div>
    </div>
  );
}
