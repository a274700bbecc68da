"""Theme and CSS (Gradio 6 takes both in launch() / mount_gradio_app(), not in Blocks())."""

from __future__ import annotations

import re

import gradio as gr

#: System fonts only: the page must not fetch web fonts (offline classrooms, CI).
FONTS = ["system-ui", "-apple-system", "Segoe UI", "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", "sans-serif"]


def make_theme() -> gr.themes.Base:
    return gr.themes.Soft(
        primary_hue="green",
        secondary_hue="amber",
        neutral_hue="stone",
        font=FONTS,
        font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"],
        text_size="lg",
    ).set(
        # WCAG AA (4.5:1 for text) in both themes; Soft's defaults give 2.1-2.5:1 for these.
        body_text_color_subdued="*neutral_600",
        body_text_color_subdued_dark="*neutral_300",
        block_title_text_color="*primary_800",
        block_title_text_color_dark="*primary_100",
        block_label_text_color="*primary_800",
        block_label_text_color_dark="*primary_100",
        block_label_background_fill_dark="*primary_900",
        block_info_text_color="*neutral_600",
        block_info_text_color_dark="*neutral_300",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_background_fill_dark="*primary_700",
        button_primary_background_fill_hover_dark="*primary_800",
        button_secondary_background_fill_hover_dark="*primary_700",  # Soft's primary_500 gives white text 2.3:1
        checkbox_label_background_fill_selected="*primary_700",
        checkbox_label_background_fill_selected_dark="*primary_700",
        checkbox_label_text_color_selected_dark="white",
        link_text_color="*primary_800",
        link_text_color_dark="*primary_200",
        color_accent="*primary_700",
    )


CSS = """
.gradio-container { max-width: 1280px !important; margin: 0 auto; }
.gradio-container, .gradio-container * { overflow-wrap: anywhere; word-break: normal; }
.gradio-container .prose, .gradio-container .message, .gradio-container .bot, .gradio-container .user {
  overflow-wrap: anywhere; max-width: 100%;
}
.gradio-container .message pre, .gradio-container .message code { white-space: pre-wrap; }
#lang-switch .wrap { flex-wrap: nowrap; gap: 6px; }
#app-title h1 { margin: 0.2em 0 0.1em; font-size: 1.6rem; }
#app-title p { margin: 0; color: var(--body-text-color-subdued); }
#chatbot { min-height: 200px; }
#chatbot .icon-button-wrapper.top-panel { display: none !important; }  /* one clear control: 新对话 */
#chatbot .bubble-wrap { height: auto !important; max-height: none !important; overflow: visible !important; }
#chatbot .message-buttons button, #chatbot .option { min-width: 44px; min-height: 44px; }
#chatbot .option { text-align: left; }
#lang-switch { padding: 4px 8px !important; }
#lang-switch .wrap label { min-height: 44px; }
.q-count { font-size: 0.85rem; color: var(--body-text-color-subdued); padding: 6px 4px; }
.q-count.over { color: #b91c1c; font-weight: 700; }
.privacy-note { font-size: 0.8rem; color: var(--body-text-color-subdued); padding: 0 4px 4px; }
.q-count.over::after { content: " · " attr(data-state); }
#chat-actions { align-items: center; }
a.county-chip, a.sources-chip { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 0.9rem;
  text-decoration: none; background: var(--background-fill-secondary); border: 1px solid var(--border-color-primary);
  color: var(--body-text-color); }
a.sources-chip { margin-left: 6px; }
@media (max-width: 640px) { a.county-chip, a.sources-chip { min-height: 44px; line-height: 38px; } }
.cite-pop { position: fixed; z-index: 1000; overflow-y: auto; background: var(--background-fill-primary);
  border: 1px solid var(--border-color-primary); border-radius: 12px; box-shadow: 0 8px 28px rgba(0, 0, 0, 0.25);
  padding: 6px 10px 10px; }
.cite-pop.sheet { left: 0; right: 0; bottom: 0; max-height: 70vh; border-radius: 14px 14px 0 0; }
.cite-pop .cite-card { border: 0; margin: 0; padding: 4px 0; }
.cite-pop-close { float: right; min-width: 44px; min-height: 44px; font-size: 1.6rem; line-height: 1; background: none;
  border: 0; cursor: pointer; color: var(--body-text-color); }
.cite-older > summary { cursor: pointer; padding: 8px 0; min-height: 44px; color: var(--body-text-color-subdued); }
#chatbot .message-wrap, #chatbot .message-row { max-width: 100%; }
#chatbot blockquote { border-left: 3px solid #86efac; margin: 0.4em 0; padding: 0.1em 0.8em; color: #3f3f46; }
a.cite-link { font-weight: 700; text-decoration: none; color: #14532d; padding: 0 1px; }
/* Dark theme (follows the OS). One selector per rule: Gradio scopes only the first selector of a list under .dark. */
.dark a.cite-link { color: #86efac; }
.dark #chatbot blockquote { color: #d6d3d1; }
.dark .cite-card.flash { background: #14532d; color: #f0fdf4; outline-color: #4ade80; }
.dark .cite-card:target { background: #14532d; color: #f0fdf4; outline-color: #4ade80; }
.dark .cite-more .more { color: #86efac; }
.dark .sec { color: #86efac; }
.dark .plan-dim { color: #86efac; }
.dark .cite-refs { color: #fdba74; }
.dark .q-count.over { color: #fca5a5; }
.dark .county-note { background: #451a03; color: #fde68a; }
.dark button[data-tab-id] { color: #e7e5e4; }
.dark button[data-tab-id].selected { color: #86efac; }
a.cite-link:hover { text-decoration: underline; }
.examples-row button { font-size: 0.9rem !important; text-align: left; white-space: normal !important;
  height: auto !important; min-height: 2.4em; }
.tier-badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 0.85rem; font-weight: 600;
  color: #fff; vertical-align: middle; white-space: nowrap; }
.tier-badge.tier-east { background: #1d4ed8; }
.tier-badge.tier-central { background: #b45309; }
.tier-badge.tier-west { background: #15803d; }
.county-card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 10px 12px;
  background: var(--background-fill-secondary); line-height: 1.5; }
.county-card.empty, .plan-card.empty, .cite-panel.empty { color: var(--body-text-color-subdued); font-size: 0.95rem; }
.county-head { font-size: 1.15rem; font-weight: 700; }
.county-where, .county-source { color: var(--body-text-color-subdued); font-size: 0.9rem; }
.county-reason { margin-top: 4px; }
.county-note { margin-top: 6px; padding: 6px 8px; border-radius: 6px; background: #fef3c7; color: #78350f;
  font-size: 0.9rem; white-space: pre-line; }
.cite-panel { display: flex; flex-direction: column; gap: 10px; max-height: 75vh; overflow-y: auto; padding-right: 4px; }
.back-to-chat { display: inline-block; min-height: 44px; line-height: 44px; font-size: 0.9rem; }
.cite-group-title { margin: 6px 0 2px; font-size: 0.95rem; color: var(--body-text-color-subdued); }
.cite-card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 8px 10px; margin: 6px 0;
  scroll-margin-top: 12px; background: var(--background-fill-primary); }
.cite-card:target, .cite-card.flash { outline: 3px solid #22c55e; background: #f0fdf4; }
.cite-card header { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 4px 12px; font-weight: 600; }
.cite-source { font-weight: 400; color: var(--body-text-color-subdued); font-size: 0.9rem; }
.cite-body { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-top: 6px; align-items: start; }
.cite-card .cite-body blockquote { margin: 0 !important; padding: 4px 8px; border-left: 3px solid #86efac; font-size: 0.95rem; }
.cite-title-zh { display: block; font-weight: 400; font-size: 0.85rem; color: var(--body-text-color-subdued); }
.cite-lab { display: block; font-size: 0.75rem; text-transform: uppercase; color: var(--body-text-color-subdued); }
.cite-more summary { cursor: pointer; list-style: none; }
.cite-more summary::-webkit-details-marker { display: none; }
.cite-more .more { color: #15803d; font-weight: 600; white-space: nowrap; }
.cite-more[open] summary .preview { display: none; }
.cite-refs { margin-top: 6px; font-size: 0.9rem; color: #7c2d12; }
.plan-card { line-height: 1.5; }
.plan-title { font-weight: 700; font-size: 1.05rem; margin-bottom: 4px; }
.plan-dim { margin: 10px 0 2px; font-size: 1rem; color: #166534; }
.plan-list { margin: 0; padding-left: 1.2em; }
.plan-list li { margin: 4px 0; }
.plan-list li.tier-specific .plan-text { font-weight: 600; }
.plan-card blockquote.plan-quote { margin: 2px 0 0 !important; padding: 0 0 0 8px !important; border-left: 2px solid #d6d3d1; font-size: 0.85rem;
  color: var(--body-text-color-subdued); }
.sec { font-size: 0.8rem; color: #15803d; white-space: nowrap; }
.trainer table, .table-wrap table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
.table-wrap { overflow-x: auto; }
.table-wrap th, .table-wrap td, #quiz-n, #quiz-n * { overflow-wrap: break-word; }  /* codes and numbers stay whole */
.trainer th, .trainer td { border-bottom: 1px solid var(--border-color-primary); padding: 4px 6px; text-align: left;
  vertical-align: top; }
.quiz-options { list-style: none; padding-left: 0.4em; }
.quiz-key blockquote { margin: 2px 0 8px; font-size: 0.9rem; color: var(--body-text-color-subdued); }
.muted { color: var(--body-text-color-subdued); }
#feedback-row button { min-width: 3em; }
@media (max-width: 640px) {
  .gradio-container { padding: 6px !important; }
  #app-title h1 { font-size: 1.25rem; }
  #app-title p { font-size: 0.85rem; }
  .cite-body { grid-template-columns: 1fr; }
  #chatbot { min-height: 260px; }
  #chatbot .message, #chatbot .prose { font-size: 0.95rem !important; line-height: 1.55; }
  #chatbot .message-row, #chatbot .message { padding-left: 4px !important; padding-right: 4px !important; }
  #lang-switch label { padding: 4px 10px; }
  #chatbot { min-height: 150px; }
  #chatbot a.cite-link { display: inline-block; min-width: 44px; min-height: 44px; line-height: 44px; text-align: center; }
  #top-row { gap: 4px !important; }
  .cite-pop .cite-body { grid-template-columns: 1fr; }
}
"""

#: The page's small script (no library, no network):
#: - [n] opens its source card in place (a popover; a bottom sheet on a phone) and × / Esc / a tap outside
#:   closes it back to the same spot, focus on the [n] again; the card in the sources panel is marked too;
#: - 复制 gives clean text: the answer as read, citations as [n], a short source list at the end (no markup),
#:   and each answer's aria-label is that text too;
#: - a new answer is shown from its start; the question box counts characters against the limit;
#: - the question box gets the focus on a desktop without scrolling the page (none on a touch screen).
HEAD = """
<script>
(function () {
  function pageLang() {
    var on = document.querySelector('#lang-switch input:checked');
    return on && on.value === 'en' ? 'en' : 'zh';
  }
  function cardFor(a) {
    var id = (a.getAttribute('href') || '').slice(1);
    return id ? document.getElementById(id) : null;
  }
  var pop = null, opener = null;
  function closePop() {
    if (!pop) return;
    pop.remove(); pop = null;
    if (opener) { opener.focus({preventScroll: true}); opener = null; }
  }
  function openPop(a, card) {
    closePop();
    opener = a;
    document.querySelectorAll('.cite-card.flash').forEach(function (c) { c.classList.remove('flash'); });
    card.classList.add('flash');
    pop = document.createElement('div');
    pop.className = 'cite-pop';
    pop.setAttribute('role', 'dialog');
    pop.setAttribute('aria-modal', 'false');
    pop.setAttribute('aria-label', (a.textContent || '').trim());
    var close = document.createElement('button');
    close.type = 'button'; close.className = 'cite-pop-close';
    close.setAttribute('aria-label', pageLang() === 'en' ? 'Close' : '关闭');
    close.textContent = '\\u00d7';
    close.addEventListener('click', closePop);
    var body = card.cloneNode(true);
    body.removeAttribute('id'); body.classList.remove('flash'); body.removeAttribute('tabindex');
    pop.appendChild(close); pop.appendChild(body);
    (document.querySelector('.gradio-container .contain') || document.body).appendChild(pop);  // the page's CSS applies
    if (window.matchMedia('(max-width: 640px)').matches) {
      pop.classList.add('sheet');
    } else {
      var r = a.getBoundingClientRect(), w = Math.min(520, window.innerWidth - 24);
      var left = Math.max(12, Math.min(r.left, window.innerWidth - w - 12));
      var below = window.innerHeight - r.bottom;
      pop.style.width = w + 'px'; pop.style.left = left + 'px';
      if (below > 260 || below > r.top) { pop.style.top = (r.bottom + 6) + 'px'; pop.style.maxHeight = (below - 18) + 'px'; }
      else { pop.style.bottom = (window.innerHeight - r.top + 6) + 'px'; pop.style.maxHeight = (r.top - 18) + 'px'; }
    }
    close.focus({preventScroll: true});
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    var a = t && t.closest ? t.closest('a.cite-link') : null;
    if (a) {
      var card = cardFor(a);
      if (!card) return;
      ev.preventDefault(); ev.stopPropagation();
      openPop(a, card);
      return;
    }
    if (pop && !pop.contains(t)) closePop();
    var btn = t && t.closest ? t.closest('#chatbot .message-buttons button') : null;
    if (btn && /copy|复制/i.test(btn.getAttribute('aria-label') || '')) {
      var row = btn.closest('.message-buttons'), bot = null;  // the buttons follow their message
      for (var e = row && row.previousElementSibling; e && !bot; e = e.previousElementSibling) {
        bot = e.matches('[data-testid=bot]') ? e : e.querySelector('[data-testid=bot]');
        if (!bot && e.querySelector('[data-testid=user]')) break;
      }
      if (!bot) return;
      ev.preventDefault(); ev.stopPropagation();
      var text = cleanText(bot, true);
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).catch(function () {});
      }
      window.__advisorCopied = text;
    }
  }, true);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') closePop(); });
  window.addEventListener('resize', function () { if (pop && !pop.classList.contains('sheet')) closePop(); });

  function cleanText(bot, withSources) {
    var md = (bot.querySelector('.md, .prose') || bot).cloneNode(true);
    md.querySelectorAll('li').forEach(function (li) { li.insertBefore(document.createTextNode('• '), li.firstChild); });
    var holder = document.createElement('div');
    holder.style.cssText = 'position:fixed;left:-9999px;top:0;white-space:normal';
    holder.appendChild(md); document.body.appendChild(holder);
    var text = (md.innerText || '').replace(/\\n{3,}/g, '\\n\\n').trim();
    holder.remove();
    if (!withSources) return text;
    var seen = {}, lines = [];
    bot.querySelectorAll('a.cite-link').forEach(function (a) {
      var card = cardFor(a);
      var key = a.getAttribute('href');
      if (!card || seen[key]) return;
      seen[key] = 1;
      var head = card.querySelector('.cite-head'), src = card.querySelector('.cite-source');
      var h = head ? (head.childNodes[0] ? head.childNodes[0].textContent : head.textContent) : '';
      var title = h.trim().replace(/^\\[\\d+\\]\\s*(§\\S+\\s*)?/, '');
      var label = src ? src.textContent.trim() : '';
      lines.push((a.textContent || '').trim() + ' ' + [label, title].filter(Boolean).join(' '));
    });
    if (!lines.length) return text;
    var title = pageLang() === 'en' ? 'Sources' : '出处';
    return text + '\\n\\n' + title + '\\n' + lines.join('\\n');
  }
  window.__advisorCleanText = cleanText;

  var shown = -1;
  function tidy() {
    localizeToasts();
    var bots = document.querySelectorAll('#chatbot [data-testid=bot]');
    bots.forEach(function (bot) {
      var label = bot.getAttribute('aria-label') || '';
      if (/[<*#]|\\]\\(/.test(label)) bot.setAttribute('aria-label', cleanText(bot, false).slice(0, 2000));
    });
    var last = bots[bots.length - 1];
    if (!last) shown = -1;
    var done = last && (last.innerText || '').trim().length > 3;
    if (done && shown !== bots.length - 1) {
      shown = bots.length - 1;
      var r = last.getBoundingClientRect();
      if (r.top < 0 || r.top > window.innerHeight * 0.6) {
        window.scrollBy({top: r.top - 12, behavior: 'instant'});
      }
    }
    var box = document.querySelector('#question textarea'), count = document.querySelector('.q-count');
    if (box && count) {
      var n = box.value.length, max = parseInt(count.getAttribute('data-max') || '0', 10);
      var over = max && n > max;
      count.querySelector('.q-count-n').textContent = String(n);
      count.classList.toggle('over', !!over);
      count.setAttribute('data-state', over ? count.getAttribute('data-over') : '');
      if (over) box.setAttribute('aria-invalid', 'true'); else box.removeAttribute('aria-invalid');
    }
  }
  // Gradio's connection messages are fixed English strings: shown in the page's language instead.
  var GRADIO_ZH = {
    'Connection Lost': '连接已断开',
    'Error': '出错了',
    'Connection to the server was lost. Attempting reconnection...': '与服务器的连接断开了，正在重新连接…',
    'Lost connection due to leaving page. Rejoining queue...': '离开页面时连接断开，正在重新排队…',
    'On mobile, the connection can break if this tab is unfocused or the device sleeps, losing your position in queue.':
      '在手机上切换到别的应用或锁屏时，连接可能断开，排队位置会丢失。'
  };
  function localizeToasts() {
    if (pageLang() !== 'zh') return;
    document.querySelectorAll('[class*="toast"]').forEach(function (el) {
      var walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), node;
      while ((node = walk.nextNode())) {
        var zh = GRADIO_ZH[node.nodeValue.trim()];
        if (zh) node.nodeValue = zh;
      }
    });
  }
  var pending = false;
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; tidy(); }); } }
  document.addEventListener('input', schedule, true);
  function start() {
    new MutationObserver(schedule).observe(document.body, {subtree: true, childList: true, characterData: true});
    var tries = 0, timer = setInterval(function () {
      var box = document.querySelector('#question textarea');
      if (box || ++tries > 100) {
        clearInterval(timer);
        if (box && window.matchMedia('(pointer: fine)').matches && window.scrollY === 0) box.focus({preventScroll: true});
        var bots = document.querySelectorAll('#chatbot [data-testid=bot]');
        shown = bots.length - 1;  // a kept conversation is not scrolled to on load
      }
    }, 100);
  }
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();
</script>
"""

#: Something to see within a second on a slow network, before Gradio's ~500 KB of scripts arrive: the page's
#: name and "loading" in both languages, in the served HTML itself (Gradio's own `head=` is only added by its
#: scripts, too late). In the page's flow, not over it; it goes as soon as Gradio's app has rendered (CSS
#: ``:has()``, and a few lines of script for browsers without it).
SPLASH = (
    '<div id="advisor-splash" role="status" aria-live="polite">'
    '<div class="advisor-splash-name">乡村电商参谋 · Rural E-commerce Advisor</div>'
    '<div class="advisor-splash-line">正在打开… · Loading…</div></div>'
    "<style>#advisor-splash{min-height:40vh;display:flex;flex-direction:column;align-items:center;"
    "justify-content:center;gap:.6em;font-family:system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC',"
    "'Microsoft YaHei',sans-serif;color:#1c1917;text-align:center;padding:1em}"
    ".advisor-splash-name{font-size:1.4rem;font-weight:700}.advisor-splash-line{color:#57534e}"
    "@media (prefers-color-scheme:dark){#advisor-splash{color:#f5f5f4}.advisor-splash-line{color:#d6d3d1}}"
    "body:has(.gradio-container) #advisor-splash{display:none}</style>"
    "<script>new MutationObserver(function (m, o) { if (document.querySelector('.gradio-container')) {"
    " var s = document.getElementById('advisor-splash'); if (s) s.remove(); o.disconnect(); } })"
    ".observe(document.documentElement, {childList: true, subtree: true});</script>"
)


_STYLESHEET = re.compile(r'<link rel="stylesheet"[^>]*>')


def with_splash(page: str) -> str:
    """The page's HTML with the splash before the first script of its head (for the server to apply to Gradio's
    index page). Gradio's head carries ~150 KB of inline configuration; on a slow network a splash after
    ``<body>`` would wait for all of it. A ``<div>`` there ends the head early (the charset and viewport metas
    stay in it) and the browser paints the splash while the rest arrives. Gradio's stylesheet moves up with it,
    so it stays in the head, before the theme styles Gradio adds at run time (which must win over it)."""
    if "advisor-splash" in page or "<body" not in page:
        return page
    head_end = page.find("<body")
    script = page.find("<script", 0, head_end)
    if script < 0:
        end = page.find(">", head_end)
        return page[: end + 1] + SPLASH + page[end + 1 :]
    sheets = _STYLESHEET.findall(page, script, head_end)
    rest = _STYLESHEET.sub("", page[script:head_end])
    return page[:script] + "".join(sheets) + SPLASH + rest + page[head_end:]
