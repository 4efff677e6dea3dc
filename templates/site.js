// pm site: search and sort the index table. The page works without it:
// the table is complete, newest first. No network, no dependencies.
(function () {
  "use strict";
  var table = document.getElementById("postmortems");
  if (!table || !table.tBodies.length) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = rows.map(function (r) {
    return (r.textContent + " " + (r.getAttribute("data-id") || "")).toLowerCase();
  });
  var box = document.getElementById("search-box");
  var input = document.getElementById("search");
  var count = document.getElementById("count");
  if (box && input) {
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r, i) {
        var hit = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        r.hidden = !hit;
        if (hit) shown++;
      });
      if (count) count.textContent = words.length ? shown + " of " + rows.length : "";
    });
  }
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, col) {
    var type = th.getAttribute("data-type");
    if (!type) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var keyed = rows.map(function (r, i) {
        var cell = r.cells[col];
        var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
        if (type === "number") v = v === "" ? null : parseFloat(v);
        else v = v.toLowerCase();
        return { row: r, index: i, value: v };
      });
      keyed.sort(function (a, b) {
        // Missing values last either way; ties keep the page's order.
        if (a.value === null || b.value === null) {
          if (a.value === b.value) return a.index - b.index;
          return a.value === null ? 1 : -1;
        }
        var c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
        return (ascending ? c : -c) || a.index - b.index;
      });
      keyed.forEach(function (k) { body.appendChild(k.row); });
    });
  });
})();
