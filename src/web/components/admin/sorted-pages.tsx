import { useState } from 'preact/hooks';
import { useLang } from '../../i18n.ts';

/** Client-side sorting and paging of an admin list (the lists are the office's own records: small). */

type Value = string | number | boolean | null | undefined;

export interface SortedPages<T> {
  rows: T[];
  header: (key: string, label: string) => preact.JSX.Element;
  pager: preact.JSX.Element;
}

export function useSortedPages<T>(
  all: readonly T[],
  keyValue: (row: T, key: string) => Value,
  initial: { key: string; desc?: boolean },
  pageSize = 20,
): SortedPages<T> {
  const { t, lang } = useLang();
  const [sort, setSort] = useState({ key: initial.key, desc: initial.desc ?? false });
  const [page, setPage] = useState(0);
  const sorted = [...all].sort((a, b) => {
    const x = keyValue(a, sort.key);
    const y = keyValue(b, sort.key);
    // Empty values last whichever the direction.
    if (x === null || x === undefined || x === '') return y === null || y === undefined || y === '' ? 0 : 1;
    if (y === null || y === undefined || y === '') return -1;
    const c =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), lang);
    return sort.desc ? -c : c;
  });
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const current = Math.min(page, pages - 1);
  const rows = sorted.slice(current * pageSize, (current + 1) * pageSize);
  const header = (key: string, label: string) => (
    <th
      aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
      class="sortable"
      data-sort={key}
      title={t('ad.sortBy')}
      onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))}
    >
      {label}
      {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
    </th>
  );
  const pager = (
    <div class="toolbar pager" data-pager>
      <span class="muted">{t('ad.total', { n: all.length })}</span>
      {pages > 1 && (
        <>
          <button type="button" class="link" disabled={current === 0} onClick={() => setPage(current - 1)}>
            {t('ad.prev')}
          </button>
          <span>{t('ad.page', { p: current + 1, n: pages })}</span>
          <button
            type="button"
            class="link"
            disabled={current >= pages - 1}
            onClick={() => setPage(current + 1)}
          >
            {t('ad.next')}
          </button>
        </>
      )}
    </div>
  );
  return { rows, header, pager };
}
