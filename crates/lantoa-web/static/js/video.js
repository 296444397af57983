// lantoa — video pages only (docs/adr/0023-videos.md). A YouTube or Facebook video is a
// poster and a link until the reader presses "Phát video": only then is the player's iframe
// made (its address is in data-embed, written by the server). No request leaves the site
// before that click.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-embed]");
  Array.prototype.forEach.call(boxes, function (box) {
    var play = box.querySelector("[data-play]");
    var poster = box.querySelector("[data-poster]");
    if (!play || !poster) return;
    play.hidden = false;
    play.querySelector("button").addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.getAttribute("data-embed");
      frame.title = box.getAttribute("data-title");
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      box.replaceChild(frame, poster);
      box.removeChild(play);
      frame.focus();
    });
  });
})();
