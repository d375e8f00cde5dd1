// tifa serve: live reload and error overlay. Injected by `tifa serve` only.
(function () {
  "use strict";
  var overlay = null;
  var sheet = document.createElement("link");
  sheet.rel = "stylesheet";
  sheet.href = "/__tifa/live.css";
  document.head.appendChild(sheet);

  function here() {
    var path = decodeURI(location.pathname);
    return path.replace(/index\.html$/, "");
  }

  // The title comes with the notice, in the language tifa serve speaks.
  function showError(title, message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "tifa-overlay";
      overlay.setAttribute("role", "alert");
      var heading = document.createElement("p");
      heading.className = "tifa-overlay-title";
      var pre = document.createElement("pre");
      overlay.appendChild(heading);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector(".tifa-overlay-title").textContent = title;
    overlay.querySelector("pre").textContent = message;
  }

  function clearError() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      if (link === sheet) return;
      var url = new URL(link.href, location.href);
      url.searchParams.set("tifa-reload", String(Date.now()));
      link.href = url.pathname + url.search;
    });
  }

  var source = new EventSource("/__tifa/events");
  source.onmessage = function (event) {
    var notice = JSON.parse(event.data);
    if (notice.type === "error") {
      showError(notice.title, notice.message);
    } else if (notice.type === "ok") {
      clearError();
    } else if (notice.type === "css") {
      clearError();
      swapStylesheets();
    } else if (notice.type === "reload") {
      clearError();
      var path = here();
      var mine = notice.paths.some(function (changed) {
        return changed === path || changed === path + "index.html";
      });
      if (mine) location.reload();
    }
  };
  window.tifaLive = { source: source };
})();
