import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { fmtTimestamp } from '../../format.ts';
import { localMessage, useLang } from '../../i18n.ts';
import { useData } from '../../use-data.ts';
import { cnLabel, quarantineReason } from './device-format.ts';

const PAGE_SIZE = 20;

/**
 * 隔离区 (hj212:quarantine:read): packets from unknown loggers or with a wrong password, newest first, 20 a page,
 * each with its masked text. The API gives no total: one more than a page is asked for to know if there is a next.
 */
export function QuarantineList({ refresh }: { refresh: number }) {
  const { t, lang } = useLang();
  const [page, setPage] = useState(0);
  const loaded = useData(
    () => api.quarantine(PAGE_SIZE + 1, page * PAGE_SIZE).then((r) => ({ page, packets: r.packets })),
    [page, refresh],
  );
  const data = loaded.data?.page === page ? loaded.data : undefined;
  const packets = data?.packets.slice(0, PAGE_SIZE) ?? [];
  const hasNext = (data?.packets.length ?? 0) > PAGE_SIZE;

  return (
    <div data-quarantine>
      <p class="muted small">{t('qHint')}</p>
      {loaded.error && <p class="form-error">{localMessage(loaded.error, lang)}</p>}
      {!data ? (
        <div class="loading">{t('loading')}</div>
      ) : packets.length === 0 && page === 0 ? (
        <p class="muted" data-quarantine-empty>
          {t('qNone')}
        </p>
      ) : (
        <div class="table-wrap">
          <table class="quarantine">
            <thead>
              <tr>
                <th>{t('qTime')}</th>
                <th>{t('qPeer')}</th>
                <th>{t('devMn')}</th>
                <th>{t('qCn')}</th>
                <th>{t('qReason')}</th>
                <th>{t('qPacket')}</th>
              </tr>
            </thead>
            <tbody>
              {packets.map((p) => (
                <tr key={p.id} data-packet={p.id} data-mn={p.mn ?? ''}>
                  <td class="tabular">{fmtTimestamp(p.receivedAt)}</td>
                  <td>
                    <code>{p.peer}</code>
                  </td>
                  <td>
                    <code>{p.mn ?? '—'}</code>
                  </td>
                  <td>{cnLabel(p.cn, t)}</td>
                  <td data-col="reason" title={p.reason ?? ''}>
                    {quarantineReason(p.reason, t)}
                  </td>
                  <td class="packet-cell">
                    <pre class="packet" data-col="packet">
                      {p.packet.replace(/\r?\n$/, '')}
                    </pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(page > 0 || hasNext) && (
        <div class="toolbar pager">
          <button type="button" class="link" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('pagePrev')}
          </button>
          <span>{t('qPage', { n: page + 1 })}</span>
          <button
            type="button"
            class="link"
            disabled={!hasNext}
            data-next-page
            onClick={() => setPage(page + 1)}
          >
            {t('pageNext')}
          </button>
        </div>
      )}
    </div>
  );
}
