// sitegen serve: reload this tab when its page is rebuilt; show build problems over the page.
(() => {
  const here = decodeURIComponent(location.pathname).replace(/^\//, "").replace(/index\.html$/, "");
  const events = new EventSource("/__sitegen/events");
  events.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "update" && (message.urls.includes("*") || message.urls.includes(here))) {
      location.reload();
      return;
    }
    show(message.problems || []);
  };

  function show(problems) {
    let box = document.getElementById("sitegen-problems");
    if (!problems.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("aside");
      box.id = "sitegen-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:45vh;overflow:auto;" +
        "z-index:2147483647;background:#2b1111;color:#ffe9e6;font:13px/1.45 ui-monospace,monospace;" +
        "padding:.8rem 1rem;border-radius:8px;box-shadow:0 8px 30px rgba(0,0,0,.35)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.style.cssText = "float:right;background:none;border:0;color:inherit;font-size:18px;cursor:pointer";
    close.onclick = () => box.remove();
    box.appendChild(close);
    for (const p of problems) {
      const line = document.createElement("div");
      line.textContent = `${p.where}: ${p.code}: ${p.message}`;
      line.style.color = p.severity === "error" ? "#ff9c8f" : "#ffd479";
      box.appendChild(line);
    }
  }
})();
