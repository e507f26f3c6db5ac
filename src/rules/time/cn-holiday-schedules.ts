/**
 * The State Council's holiday schedules (国务院办公厅关于 20XX 年部分节假日安排的通知), 2023–2026, as data in the
 * shape the office enters a new year's schedule (YearSchedule). Every holiday date of a block is listed (its
 * weekend days too); make-up working days (调休上班) are the weekend days the notice names "上班".
 *
 * Checked, year by year, against the notice's text as republished (新华社 / 人民日报 / 光明网 / 维基文库, see each
 * year) and against the npm package chinese-days (github.com/vsme/chinese-days, src/holidays/generate.ts, 1.5.7).
 * Both agree on every date below.
 */
import type { YearSchedule } from './working-days.ts';

/**
 * 国办发明电〔2022〕16号, 2022-12-08. New Year ran 2022-12-31 to 2023-01-02; 2022-12-31 (a Saturday) belongs to
 * 2022's calendar, so only 1 and 2 January are listed here.
 */
export const CN_SCHEDULE_2023: YearSchedule = {
  year: 2023,
  source: {
    title: '国务院办公厅关于2023年部分节假日安排的通知',
    reference: '国办发明电〔2022〕16号',
    published: '2022-12-08',
    url: 'http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm',
  },
  holidays: [
    // 元旦 2022-12-31 … 2023-01-02
    '2023-01-01',
    '2023-01-02',
    // 春节 1月21日至27日
    '2023-01-21',
    '2023-01-22',
    '2023-01-23',
    '2023-01-24',
    '2023-01-25',
    '2023-01-26',
    '2023-01-27',
    // 清明节 4月5日
    '2023-04-05',
    // 劳动节 4月29日至5月3日
    '2023-04-29',
    '2023-04-30',
    '2023-05-01',
    '2023-05-02',
    '2023-05-03',
    // 端午节 6月22日至24日
    '2023-06-22',
    '2023-06-23',
    '2023-06-24',
    // 中秋节、国庆节 9月29日至10月6日
    '2023-09-29',
    '2023-09-30',
    '2023-10-01',
    '2023-10-02',
    '2023-10-03',
    '2023-10-04',
    '2023-10-05',
    '2023-10-06',
  ],
  makeUpWorkdays: [
    '2023-01-28', // 星期六 (春节)
    '2023-01-29', // 星期日 (春节)
    '2023-04-23', // 星期日 (劳动节)
    '2023-05-06', // 星期六 (劳动节)
    '2023-06-25', // 星期日 (端午节)
    '2023-10-07', // 星期六 (中秋节、国庆节)
    '2023-10-08', // 星期日 (中秋节、国庆节)
  ],
};

/**
 * 国办发明电〔2023〕7号, 2023-10-25. New Year (1 January, a Monday) and Dragon Boat (10 June, a Monday) are one
 * day each "与周末连休": the weekend before is an ordinary weekend. The notice also encourages (鼓励), without
 * declaring it a holiday, a day off on New Year's Eve (除夕, 9 February): it stays a working day here.
 */
export const CN_SCHEDULE_2024: YearSchedule = {
  year: 2024,
  source: {
    title: '国务院办公厅关于2024年部分节假日安排的通知',
    reference: '国办发明电〔2023〕7号',
    published: '2023-10-25',
    url: 'https://www.gov.cn/zhengce/content/202310/content_6911527.htm',
  },
  holidays: [
    // 元旦 1月1日
    '2024-01-01',
    // 春节 2月10日至17日
    '2024-02-10',
    '2024-02-11',
    '2024-02-12',
    '2024-02-13',
    '2024-02-14',
    '2024-02-15',
    '2024-02-16',
    '2024-02-17',
    // 清明节 4月4日至6日
    '2024-04-04',
    '2024-04-05',
    '2024-04-06',
    // 劳动节 5月1日至5日
    '2024-05-01',
    '2024-05-02',
    '2024-05-03',
    '2024-05-04',
    '2024-05-05',
    // 端午节 6月10日
    '2024-06-10',
    // 中秋节 9月15日至17日
    '2024-09-15',
    '2024-09-16',
    '2024-09-17',
    // 国庆节 10月1日至7日
    '2024-10-01',
    '2024-10-02',
    '2024-10-03',
    '2024-10-04',
    '2024-10-05',
    '2024-10-06',
    '2024-10-07',
  ],
  makeUpWorkdays: [
    '2024-02-04', // 星期日 (春节)
    '2024-02-18', // 星期日 (春节)
    '2024-04-07', // 星期日 (清明节)
    '2024-04-28', // 星期日 (劳动节)
    '2024-05-11', // 星期六 (劳动节)
    '2024-09-14', // 星期六 (中秋节)
    '2024-09-29', // 星期日 (国庆节)
    '2024-10-12', // 星期六 (国庆节)
  ],
};

/**
 * 国办发明电〔2024〕12号, 2024-11-12: the first year of the revised 全国年节及纪念日放假办法 (November 2024), two more
 * holidays (New Year's Eve of the Spring Festival and 2 May), so Spring Festival runs 8 days from 除夕 and Labour
 * Day 5 days; National Day and Mid-Autumn merge into 8 days.
 */
export const CN_SCHEDULE_2025: YearSchedule = {
  year: 2025,
  source: {
    title: '国务院办公厅关于2025年部分节假日安排的通知',
    reference: '国办发明电〔2024〕12号',
    published: '2024-11-12',
    url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
  },
  holidays: [
    // 元旦 1月1日（周三）, 不调休
    '2025-01-01',
    // 春节 1月28日（除夕）至2月4日（正月初七）
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-02-02',
    '2025-02-03',
    '2025-02-04',
    // 清明节 4月4日至6日
    '2025-04-04',
    '2025-04-05',
    '2025-04-06',
    // 劳动节 5月1日至5日
    '2025-05-01',
    '2025-05-02',
    '2025-05-03',
    '2025-05-04',
    '2025-05-05',
    // 端午节 5月31日至6月2日
    '2025-05-31',
    '2025-06-01',
    '2025-06-02',
    // 国庆节、中秋节 10月1日至8日
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-04',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
  ],
  makeUpWorkdays: [
    '2025-01-26', // 周日 (春节)
    '2025-02-08', // 周六 (春节)
    '2025-04-27', // 周日 (劳动节)
    '2025-09-28', // 周日 (国庆节、中秋节)
    '2025-10-11', // 周六 (国庆节、中秋节)
  ],
};

/** 国办发明电〔2025〕7号, 2025-11-04 (published by 新华社 the same day). */
export const CN_SCHEDULE_2026: YearSchedule = {
  year: 2026,
  source: {
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    reference: '国办发明电〔2025〕7号',
    published: '2025-11-04',
    url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
  },
  holidays: [
    // 元旦 1月1日（周四）至3日（周六）
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    // 春节 2月15日（腊月二十八）至23日（正月初七）, 9 days
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    // 清明节 4月4日（周六）至6日（周一）
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    // 劳动节 5月1日（周五）至5日（周二）
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    // 端午节 6月19日（周五）至21日（周日）
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    // 中秋节 9月25日（周五）至27日（周日）
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    // 国庆节 10月1日（周四）至7日（周三）
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  makeUpWorkdays: [
    '2026-01-04', // 周日 (元旦)
    '2026-02-14', // 周六 (春节)
    '2026-02-28', // 周六 (春节)
    '2026-05-09', // 周六 (劳动节)
    '2026-09-20', // 周日 (国庆节)
    '2026-10-10', // 周六 (国庆节)
  ],
};

/** Every published schedule this release carries, oldest first. */
export const CN_HOLIDAY_SCHEDULES: readonly YearSchedule[] = [
  CN_SCHEDULE_2023,
  CN_SCHEDULE_2024,
  CN_SCHEDULE_2025,
  CN_SCHEDULE_2026,
];
