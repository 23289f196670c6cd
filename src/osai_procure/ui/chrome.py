"""Streamlit's own texts in the officer's language.

Streamlit 1.67 writes a few texts of its own in English that the app cannot set: the file
uploader's button and size limit, the skip link for keyboard users, the Stop button of a running
page, the date placeholder and the accessible names of its own controls ("Help for …", "Collapse
sidebar", "Choose an option"). A small script in the page rewrites exactly those texts (whole
text nodes, and whole `aria-label`, `placeholder` and `title` values) whenever Streamlit draws
them; the English page gets Streamlit's own words back. A whole text equal to one of these short
phrases is rewritten wherever it appears, so the table holds only Streamlit's own phrases.
"""

from __future__ import annotations

import json

import streamlit as st

from osai_procure.models.base import Lang

# (English as Streamlit writes it, Japanese): whole text nodes and whole attribute values.
TEXTS: tuple[tuple[str, str], ...] = (
    ("Upload", "アップロード"),
    ("Upload directories", "フォルダーをアップロード"),
    ("Drag and drop a file here", "ここにファイルをドロップしてください"),
    ("Drag and drop files here", "ここにファイルをドロップしてください"),
    ("Skip to main content", "本文へ移動"),
    ("Stop", "停止"),
    ("Running...", "実行中…"),
    ("Link to heading", "見出しへのリンク"),
    ("Collapse sidebar", "サイドバーを閉じる"),
    ("Expand sidebar", "サイドバーを開く"),
    ("Main menu", "メインメニュー"),
    ("App pages", "ページ一覧"),
    ("Sidebar", "サイドバー"),
    ("Open", "開く"),
    ("Close", "閉じる"),
    ("progress", "進捗"),
    ("file upload", "ファイルのアップロード"),
    ("Choose an option", "選択してください"),
    ("Choose options", "選択してください"),
    ("badge icon", "バッジのアイコン"),
    ("Copy to clipboard", "クリップボードにコピー"),
    ("Clear all", "全て消去"),
    ("Delete", "削除"),
    ("Remove file", "ファイルを削除"),
    ("Add files", "ファイルを追加"),
    ("Help", "ヘルプ"),
    ("Download as CSV", "CSVでダウンロード"),
    ("Search", "検索"),
    ("Fullscreen", "全画面表示"),
    ("Close fullscreen", "全画面表示を終了"),
    ("Show/hide columns", "列の表示・非表示"),
    ("YYYY/MM/DD", "年/月/日"),
)
# Patterns: the uploader's size limit ("16MB per file"), the help icon's accessible name and the
# date placeholder; each with its way back.
SCRIPT = """
(() => {
  const w = window;
  w.__osaiLang = %(lang)s;
  if (w.__osaiApply) { w.__osaiApply(document.body); return; }
  const texts = %(texts)s;
  const ATTRS = ["aria-label", "placeholder", "title"];
  const toJa = new Map(texts), toEn = new Map(texts.map(([en, ja]) => [ja, en]));
  const text = (s) => {
    const ja = w.__osaiLang === "ja", t = s.trim();
    if (ja && toJa.has(t)) return s.replace(t, toJa.get(t));
    if (!ja && toEn.has(t)) return s.replace(t, toEn.get(t));
    let m = ja && t.match(/^(\\d+(?:\\.\\d+)?\\s?[KMG]B) per file$/);
    if (m) return "1ファイル" + m[1] + "まで";
    m = !ja && t.match(/^1ファイル(\\S+)まで$/);
    if (m) return m[1] + " per file";
    // A Material icon's spoken name ("add icon") inside a button that has its own name.
    if (ja && /^[a-z0-9_]+ icon$/.test(t)) return s.replace(t, "アイコン");
    return null;
  };
  const attr = (name, v) => {
    const ja = w.__osaiLang === "ja";
    if (ja && toJa.has(v)) return toJa.get(v);
    if (!ja && toEn.has(v)) return toEn.get(v);
    // A Material icon's name ("radio_button_unchecked icon") means nothing read aloud.
    if (ja && name === "aria-label" && /^[a-z0-9_]+ icon$/.test(v)) return "アイコン";
    let m = ja && v.match(/^Help for (.+)$/s);
    if (m) return m[1] + "のヘルプ";
    m = !ja && v.match(/^(.+)のヘルプ$/s);
    if (m) return "Help for " + m[1];
    // The uploader's chip: "Remove report.pdf" (English comes back from data-osai-aria-label).
    m = ja && v.match(/^Remove (.+)$/s);
    if (m) return m[1] + " を削除";
    return null;
  };
  const fixNode = (n) => {
    if (n.nodeType === 3) {
      if (n.parentElement && n.parentElement.closest("[contenteditable], textarea")) return;
      // Streamlit's own words of a text node rewritten in Japanese, for the way back.
      const kept = w.__osaiKept || (w.__osaiKept = new WeakMap());
      if (w.__osaiLang !== "ja" && kept.has(n)) {
        const original = kept.get(n);
        kept.delete(n);
        if (original !== n.nodeValue) n.nodeValue = original;
        return;
      }
      const v = text(n.nodeValue || "");
      if (v !== null && v !== n.nodeValue) {
        if (w.__osaiLang === "ja") kept.set(n, n.nodeValue);
        n.nodeValue = v;
      }
    } else if (n.nodeType === 1) {
      for (const name of ATTRS) {
        const v = n.getAttribute(name), kept = "data-osai-" + name;
        if (v === null) continue;
        if (w.__osaiLang !== "ja" && n.hasAttribute(kept)) {  // Streamlit's own words back
          const original = n.getAttribute(kept);
          n.removeAttribute(kept);
          if (original !== v) n.setAttribute(name, original);
          continue;
        }
        const f = attr(name, v);
        if (f === null || f === v) continue;
        if (w.__osaiLang === "ja" && !n.hasAttribute(kept)) n.setAttribute(kept, v);
        n.setAttribute(name, f);
      }
    }
  };
  const apply = (root) => {
    if (!root) return;
    fixNode(root);
    if (root.nodeType !== 1) return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) fixNode(n);
  };
  w.__osaiApply = apply;
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "childList") r.addedNodes.forEach(apply);
      else fixNode(r.target);
    }
  }).observe(document.body, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ATTRS,
  });
  apply(document.body);
})();
"""


def script(lang: Lang) -> str:
    """The script for a page in `lang` (installed once; later runs only switch the language)."""
    return SCRIPT % {"lang": json.dumps(lang), "texts": json.dumps(TEXTS, ensure_ascii=False)}


def localise(lang: Lang) -> None:
    """Put Streamlit's own texts into `lang` on this page (a script without visible output)."""
    st.html(f"<script>{script(lang)}</script>", unsafe_allow_javascript=True)
