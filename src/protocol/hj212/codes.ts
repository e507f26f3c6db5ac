/** Code tables of HJ 212-2017 as plain data. */

/** 实时数据标记 (HJ 212-2017 §6.3.3 表8). */
export const DATA_FLAGS: Readonly<Record<string, string>> = {
  N: '正常',
  F: '停运',
  M: '维护期间数据',
  S: '手工输入设定值',
  D: '故障',
  C: '校准',
  T: '超测量上限',
  B: '与数采仪通讯异常',
};

/** 请求命令返回 QnRtn (HJ 212-2017 表7). */
export const QN_RTN = {
  ready: 1,
  rejected: 2,
  badPassword: 3,
  badMn: 4,
  badSt: 5,
  badFlag: 6,
  badQn: 7,
  badCn: 8,
  badCrc: 9,
  unknown: 100,
} as const;

/** 执行结果 ExeRtn (HJ 212-2017 表6). */
export const EXE_RTN = {
  success: 1,
  failedUnknown: 2,
  badCondition: 3,
  timeout: 4,
  busy: 5,
  systemFault: 6,
  noData: 100,
} as const;

/** Command codes used by the codec's builders and the receiver (HJ 212-2017 表9; 9015 from HJ 212-2025 [M]). */
export const CN = {
  realtimeData: '2011',
  minuteData: '2051',
  hourData: '2061',
  dayData: '2031',
  restartTime: '2081',
  siteInfo: '3020',
  requestAnswer: '9011',
  executionAnswer: '9012',
  notifyAnswer: '9013',
  dataAnswer: '9014',
  heartbeat: '9015',
} as const;

/** System code of every interaction packet (HJ 212-2017 表5: 91 系统交互). */
export const ST_SYSTEM = '91';
