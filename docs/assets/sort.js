// Sortable document tables: click (or press Enter on) a column header to sort by it.
// Dates sort by their ISO value in data-sort; everything else by Vietnamese collation.
(function () {
  "use strict";
  var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var keyed = cell.hasAttribute("data-sort") ? cell : cell.querySelector("[data-sort]");
    return keyed ? keyed.getAttribute("data-sort") : cell.textContent.trim();
  }
  function sortTable(table, index, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = collator.compare(cellValue(a, index), cellValue(b, index));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function setup() {
    document.querySelectorAll("table[data-sortable], [data-sortable] table").forEach(function (table) {
      if (!table.tHead || table.dataset.sortReady) return;
      table.dataset.sortReady = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        th.tabIndex = 0;
        th.title = "Bấm để sắp xếp";
        th.addEventListener("click", function () { sortTable(table, index, th); });
        th.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortTable(table, index, th); }
        });
      });
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setup); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
