// The desk works without this file; it only adds conveniences. Hand-written, no library.
"use strict";

// A page waiting for the workers (a score being recomputed) reloads itself a while.
function autorefresh() {
  const el = document.querySelector("[data-autorefresh]");
  const key = "credence-refresh:" + location.pathname + location.search;
  if (!el) {
    sessionStorage.removeItem(key);
    return;
  }
  const tries = Number(sessionStorage.getItem(key) || "0");
  if (tries >= 40) return; // about two minutes: then the page says what it says
  const seconds = Number(el.getAttribute("data-autorefresh")) || 3;
  sessionStorage.setItem(key, String(tries + 1));
  window.setTimeout(() => location.reload(), seconds * 1000);
}

// A secret shown once is selected on focus, ready to copy.
function selectOnFocus() {
  for (const input of document.querySelectorAll("[data-select-on-focus]")) {
    input.addEventListener("focus", () => input.select());
  }
}

document.addEventListener("DOMContentLoaded", () => {
  autorefresh();
  selectOnFocus();
});
