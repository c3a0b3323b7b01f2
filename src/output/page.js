// The status filter's count, and its fallback where CSS :has() is missing: each box sets a
// class on <body> that hides its claims. Also notes, on <html data-loaded-ms>, how long the
// page took to load and lay out in this browser (the tests read it).
(() => {
  const boxes = Array.from(document.querySelectorAll(".filter input"));
  const claims = Array.from(document.querySelectorAll("article.claim"));
  const shown = document.getElementById("shown");
  const update = () => {
    const ticked = new Set();
    for (const box of boxes) {
      document.body.classList.toggle("hide-" + box.value, !box.checked);
      if (box.checked) ticked.add(box.value);
    }
    const n = claims.filter((c) => ticked.has(c.dataset.status)).length;
    if (shown) shown.textContent = n === claims.length ? "" : n + " of " + claims.length + " shown";
  };
  for (const box of boxes) box.addEventListener("change", update);
  update();
  addEventListener("load", () => {
    void document.body.offsetHeight;
    document.documentElement.dataset.loadedMs = String(Math.round(performance.now()));
  });
})();
