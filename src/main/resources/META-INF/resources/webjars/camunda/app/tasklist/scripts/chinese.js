/*
 * Chinese for what Tasklist's locale files cannot reach (a custom script, listed in scripts/config.js):
 * - form-js's messages (validation, date and time, lists), which form-js 1.8 writes in English with no way to
 *   translate them;
 * - the date picker of form-js (flatpickr) and Tasklist's own one (due and follow-up dates): Chinese names,
 *   weeks starting on Monday.
 * Only when the chosen language is Chinese: an English browser keeps Camunda's English.
 */
const angular = window.angular;

/** Whether Tasklist chose Chinese (Camunda takes the browser's first language, without its region). */
let chinese = true;

// form-js's texts, as form-js 1.8 words them (lib/deps.js), and what a person reads instead; the messages in the
// server's words (cn.xieshang.validation.FormRules)
const MESSAGES = [
  [/^Field is required\.$/, () => '此项为必填项'],
  [/^Field must match pattern (.*)\.$/, (pattern) => `格式不正确${PATTERN_HINTS[pattern] || ''}`],
  [/^Field must have minimum value of (.*)\.$/, (n) => `不能小于 ${n}`],
  [/^Field must have maximum value of (.*)\.$/, (n) => `不能大于 ${n}`],
  [/^Field must have minimum length of (\d+)\.$/, (n) => `至少 ${n} 个字`],
  [/^Field must have maximum length of (\d+)\.$/, (n) => `最多 ${n} 个字`],
  [/^Field must be a valid {1,2}international phone number\..*$/, () => '应为国际电话号码(如 +8613812345678)'],
  [/^Field must be a valid email\.$/, () => '应为电子邮箱地址'],
  [/^Value is not a number\.$/, () => '应为数字'],
  [/^Value is expected to be an integer\.$/, () => '应为整数'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, (n) => `最多 ${n} 位小数`],
  [/^Please select a valid value, the two nearest valid values are (.*) and (.*)\.$/,
    (a, b) => `数值无效,最接近的有效值是 ${a} 和 ${b}`],
  [/^Date and time must both be entered\.$/, () => '日期和时间都要填写'],
  [/^Select$/, () => '请选择'],
  [/^Add new$/, () => '添加一项'],
  [/^Collapse$/, () => '收起'],
  [/^Expand all \((\d+)\)$/, (n) => `全部展开(${n} 项)`],
  [/^No results$/, () => '没有匹配的选项'],
  [/^All values selected$/, () => '已全部选中'],
  [/^Nothing to show\.$/, () => '没有内容'],
  [/^Previous page$/, () => '上一页'],
  [/^Next page$/, () => '下一页']
];

// what the patterns our forms use most mean (the first in the server's words, cn.xieshang.validation.FormRules)
const PATTERN_HINTS = {
  '^[^<>]*$': '(不能包含 < 或 > 等标记字符)',
  '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$': '(应为 11 位手机号码或带区号的固定电话)',
  '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$': '(应为电子邮箱地址)'
};

const PLACEHOLDERS = { Search: '搜索' };

function translated(text) {
  const trimmed = text.trim();
  for (const [english, words] of MESSAGES) {
    const match = english.exec(trimmed);
    if (match) {
      return text.replace(trimmed, words(...match.slice(1)));
    }
  }
  return null;
}

/*
 * form-js renders with Preact and offers no hook for its texts, so the rendered text is rewritten in place: the
 * text node keeps its identity and Preact, which compares against its own last render, leaves the Chinese alone
 * until the message itself changes (then it writes the new English, and we see that mutation too).
 */
function translate(root) {
  if (!chinese) {
    return;
  }
  const forms = root.nodeType === Node.ELEMENT_NODE && root.closest('.fjs-container') ? [root]
    : root.querySelectorAll ? root.querySelectorAll('.fjs-container') : [];
  forms.forEach((form) => {
    const texts = document.createTreeWalker(form, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      const words = node.data.trim() && translated(node.data);
      if (words) {
        node.data = words;
      }
    }
    form.querySelectorAll('input[placeholder]').forEach((input) => {
      const words = PLACEHOLDERS[input.placeholder];
      if (words) {
        input.placeholder = words;
      }
    });
  });
}

new MutationObserver((mutations) => {
  mutations.forEach((mutation) => {
    const node = mutation.type === 'characterData' ? mutation.target.parentElement : mutation.target;
    if (node && node.closest && node.closest('.fjs-container')) {
      translate(node);
    } else {
      mutation.addedNodes.forEach(translate);
    }
  });
}).observe(document.body, { childList: true, characterData: true, subtree: true });

// form-js's date picker: flatpickr, which reads its default language when form-js creates a picker
const FLATPICKR_CHINESE = {
  weekdays: {
    shorthand: ['日', '一', '二', '三', '四', '五', '六'],
    longhand: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']
  },
  months: {
    shorthand: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
    longhand: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月']
  },
  firstDayOfWeek: 1,
  rangeSeparator: ' 至 ',
  weekAbbreviation: '周',
  scrollTitle: '滚动切换',
  toggleTitle: '点击切换 12/24 小时时制',
  time_24hr: true
};
let flatpickrEnglish = null;

function localizeFlatpickr() {
  const flatpickr = window.flatpickr;
  if (!flatpickr) {
    return;
  }
  flatpickrEnglish = flatpickrEnglish || { ...flatpickr.l10ns.default };
  flatpickr.l10ns.default = chinese ? { ...flatpickrEnglish, ...FLATPICKR_CHINESE }
    : { ...flatpickrEnglish, firstDayOfWeek: 1 };
}

// Tasklist's own date picker (angular-ui-bootstrap): AngularJS's date names, Monday first
const ANGULAR_CHINESE = {
  DAY: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
  SHORTDAY: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  MONTH: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'],
  STANDALONEMONTH: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月',
    '十二月'],
  SHORTMONTH: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
  AMPMS: ['上午', '下午']
};

angular.module('cam.tasklist')
  .config(['uibDatepickerConfig', (datepicker) => {
    datepicker.startingDay = 1;
  }])
  .run(['$rootScope', '$locale', 'uibDatepickerConfig', ($rootScope, $locale, datepicker) => {
    const english = angular.copy($locale.DATETIME_FORMATS);
    const englishTitle = datepicker.formatDayTitle;
    $rootScope.$on('$translateChangeSuccess', (event, { language }) => {
      chinese = language === 'zh';
      angular.extend($locale.DATETIME_FORMATS, chinese ? ANGULAR_CHINESE : english);
      datepicker.formatDayTitle = chinese ? 'yyyy年M月' : englishTitle;
      localizeFlatpickr();
      translate(document.body);
    });
  }]);
