// The owner's papers form: ↑/↓ buttons beside each paper's order number move its row and number every row
// in the order shown, from 1 (a later page of a long list from its first row's place). Without this script
// the numbers are typed in; the form saves the same fields.
document.addEventListener("DOMContentLoaded", () => {
  const table = document.querySelector("table.papers-order[data-move-up]");
  if (!table) return;
  const body = table.tBodies[0];
  const renumber = () => {
    const first = Number(table.dataset.first || 1);  // a later page of a long list goes on from its first row
    body.querySelectorAll("input.order-input").forEach((input, n) => { input.value = first + n; });
  };
  for (const row of body.rows) {
    const cell = row.querySelector("input.order-input").parentElement;
    for (const [step, label, text] of [[-1, table.dataset.moveUp, "↑"], [1, table.dataset.moveDown, "↓"]]) {
      const button = document.createElement("button");
      Object.assign(button, { type: "button", className: "move", textContent: text, title: label });
      button.setAttribute("aria-label", label);
      button.dataset.step = step;
      cell.append(button);
    }
  }
  body.addEventListener("click", (event) => {
    const button = event.target.closest("button.move");
    if (!button) return;
    const row = button.closest("tr");
    const other = button.dataset.step === "-1" ? row.previousElementSibling : row.nextElementSibling;
    if (!other) return;
    if (button.dataset.step === "-1") other.before(row); else other.after(row);
    renumber();
    button.focus();
  });
});
