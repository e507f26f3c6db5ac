/** Phone layout (scroll cues) and the map (legend, time slider, play). Chinese first. */
export const phoneMapMessages = {
  zh: {
    scrollHint: '左右滑动查看更多 →',
    play: '播放',
    pause: '暂停',
    mapLegendNote: '按 HJ 633-2026 分指数分级浓度着色（PM 以日均分级，其余以小时分级）',
    mapStationsNote: '相距过近的站点向外展开，细线指向其实际位置；乡镇名标在其站点附近',
  },
  en: {
    scrollHint: 'Swipe sideways for more →',
    play: 'Play',
    pause: 'Pause',
    mapLegendNote:
      'Coloured by the IAQI breakpoint concentrations of HJ 633-2026 (PM on the daily, others on the hourly ones)',
    mapStationsNote:
      'Stations too close together are spread out, a thin line points to where each is; township names sit near their stations',
  },
} as const;
