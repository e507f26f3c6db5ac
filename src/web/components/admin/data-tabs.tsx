import type { ComponentChildren } from 'preact';
import { useAuth } from '../../auth.ts';
import { type MessageKey, useLang } from '../../i18n.ts';
import { ADMIN_DATA_PAGES, linkClick, type Route } from '../../router.ts';
import { SecretBox } from '../secret-box.tsx';

const TAB: Record<(typeof ADMIN_DATA_PAGES)[number]['page'], { key: MessageKey; permission: string }> = {
  'admin-loggers': { key: 'ad.tabLoggers', permission: 'devices:write' },
  'admin-sites': { key: 'ad.tabSites', permission: 'sites:write' },
  'admin-dust-days': { key: 'ad.tabDustDays', permission: 'dust-days:write' },
  'admin-figures': { key: 'ad.tabFigures', permission: 'figures:write' },
  'admin-jobs': { key: 'ad.tabJobs', permission: 'jobs:admin' },
};

/** 数据管理's frame: its tabs (those the caller may use), the page's notice, then the page. */
export function DataAdminFrame(p: {
  page: Route['page'];
  notice: AdminNotice | null;
  onCloseNotice: () => void;
  children: ComponentChildren;
}) {
  const { t } = useLang();
  const auth = useAuth();
  return (
    <div class="page admin-page" data-page={p.page}>
      <div class="segmented data-tabs" data-data-tabs>
        {ADMIN_DATA_PAGES.filter((x) => auth.can(TAB[x.page].permission)).map((x) => (
          <a
            key={x.page}
            href={x.path}
            class={x.page === p.page ? 'active' : ''}
            aria-current={x.page === p.page ? 'page' : undefined}
            data-data-tab={x.page}
            onClick={(e) => linkClick(e as unknown as MouseEvent, x.path)}
          >
            {t(TAB[x.page].key)}
          </a>
        ))}
      </div>
      {p.notice && (
        <div class={`notice ${p.notice.kind}`} data-notice={p.notice.kind} role="status">
          <div>
            <p>{p.notice.text}</p>
            {(p.notice.secrets ?? []).map((s) => (
              <SecretBox key={s.label} label={s.label} secret={s.secret} />
            ))}
          </div>
          <button type="button" class="link" aria-label={t('close')} onClick={p.onCloseNotice}>
            ×
          </button>
        </div>
      )}
      {p.children}
    </div>
  );
}

/** What the last action did; secrets (a new HJ 212 PW, an SM4 key) are shown here once. */
export interface AdminNotice {
  kind: 'ok' | 'error';
  text: string;
  secrets?: { label: string; secret: string }[];
}
