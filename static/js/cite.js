// The BibTeX buttons of paper lists copy the entry instead of opening it. Without this script (or without
// clipboard access) each stays a plain link to the paper's .bib file.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-copy-citation]");
  if (!link || !navigator.clipboard || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  const label = link.textContent;
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) throw new Error(response.statusText);
    await navigator.clipboard.writeText(await response.text());
    link.textContent = "Copied";
  } catch {
    window.location.href = link.href;  // no copy: open the entry as the link would
    return;
  }
  setTimeout(() => { link.textContent = label; }, 1500);
});
