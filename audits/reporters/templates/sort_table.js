/* Sorts the league table by the column whose heading is pressed; each cell's data-value is its key. */
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th[data-sort] button").forEach(function (button) {
    button.addEventListener("click", function () {
      var th = button.parentElement, body = table.tBodies[0], col = th.cellIndex;
      var numeric = th.getAttribute("data-sort") === "number";
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-value"), y = b.cells[col].getAttribute("data-value");
        return dir * (numeric ? Number(x) - Number(y) : x.localeCompare(y));
      });
      table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
