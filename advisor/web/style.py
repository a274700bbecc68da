"""Theme and CSS (Gradio 6 takes both in launch() / mount_gradio_app(), not in Blocks())."""

from __future__ import annotations

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
#chatbot { min-height: 320px; }
#chatbot .message-wrap, #chatbot .message-row { max-width: 100%; }
#chatbot blockquote { border-left: 3px solid #86efac; margin: 0.4em 0; padding: 0.1em 0.8em; color: #3f3f46; }
a.cite-link { font-weight: 600; text-decoration: none; color: #15803d; padding: 0 1px; }
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
}
"""

#: Small script: when a [n] link is clicked, highlight the card even inside Gradio's scroll containers.
HEAD = """
<script>
document.addEventListener('click', function (ev) {
  var a = ev.target && ev.target.closest ? ev.target.closest('a.cite-link') : null;
  if (!a) return;
  var id = (a.getAttribute('href') || '').slice(1);
  var card = document.getElementById(id);
  if (!card) return;
  ev.preventDefault();
  document.querySelectorAll('.cite-card.flash').forEach(function (c) { c.classList.remove('flash'); });
  card.classList.add('flash');
  card.scrollIntoView({behavior: 'smooth', block: 'center'});
  card.focus({preventScroll: true});
  if (history.replaceState) history.replaceState(null, '', '#' + id);
}, true);
</script>
"""
