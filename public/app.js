// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // Close the menu when a link inside it is followed on small screens.
  document.querySelectorAll('details.menu a').forEach(function (a) {
    a.addEventListener('click', function () { a.closest('details').removeAttribute('open'); });
  });
})();
