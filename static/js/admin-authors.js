// The paper form's author rows (curation/admin_papers.py): drag a row by its handle, or press ↑/↓, and the
// positions follow the rows. Without this script the ↑/↓ buttons submit the form, which moves the row and saves.
(() => {
  const ROW = "tr.form-row:not(.empty-form)";
  const field = (row, name) => row.querySelector(`[name$="-${name}"]`);
  const rows = (group) => [...group.querySelectorAll(`tbody ${ROW}`)];
  let dragged = null;

  function renumber(group) {
    let position = 0;
    for (const row of rows(group)) {
      const box = field(row, "position");
      if (!box) continue;
      const left = field(row, "DELETE")?.checked || field(row, "beyond")?.checked;
      box.value = left ? "" : String(++position);
    }
  }

  function neighbour(row, direction) {
    let next = direction === "up" ? row.previousElementSibling : row.nextElementSibling;
    while (next && !next.matches(ROW)) next = direction === "up" ? next.previousElementSibling : next.nextElementSibling;
    return next;
  }

  function prepare(group) {
    for (const row of rows(group)) {
      const box = field(row, "position");
      if (!box || row.querySelector(".author-drag")) continue;
      box.readOnly = true;
      const handle = document.createElement("span");
      handle.className = "author-drag";
      handle.title = "Drag to reorder";
      handle.textContent = "⠿";
      box.closest(".author-order").prepend(handle);
      for (const button of row.querySelectorAll(".author-move")) button.title = `Move ${button.value.split(":").pop()}`;
    }
    renumber(group);
  }

  function init() {
    const group = document.getElementById("authorships-group");
    if (!group) return;
    prepare(group);
    group.addEventListener("click", (event) => {
      const button = event.target.closest(".author-move");
      if (!button) return;
      event.preventDefault();
      const row = button.closest(ROW);
      const direction = button.value.split(":").pop();
      const other = neighbour(row, direction);
      if (other) (direction === "up" ? other.before(row) : other.after(row));
      renumber(group);
      button.focus();
    });
    group.addEventListener("change", (event) => {
      if (event.target.matches('[name$="-DELETE"], [name$="-beyond"]')) renumber(group);
    });
    group.addEventListener("mousedown", (event) => {
      const handle = event.target.closest(".author-drag");
      if (handle) handle.closest(ROW).draggable = true;
    });
    group.addEventListener("dragstart", (event) => {
      dragged = event.target.closest(ROW);
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.id);
    });
    group.addEventListener("dragover", (event) => {
      const target = event.target.closest(ROW);
      if (!dragged || !target) return;
      event.preventDefault();
      if (target === dragged) return;
      const box = target.getBoundingClientRect();
      (event.clientY > box.top + box.height / 2 ? target.after(dragged) : target.before(dragged));
    });
    group.addEventListener("drop", (event) => event.preventDefault());
    group.addEventListener("dragend", () => {
      if (dragged) dragged.draggable = false;
      dragged = null;
      renumber(group);
    });
    document.addEventListener("formset:added", (event) => {
      if (event.target.closest("#authorships-group")) prepare(group);
    });
    document.addEventListener("formset:removed", () => renumber(group));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
