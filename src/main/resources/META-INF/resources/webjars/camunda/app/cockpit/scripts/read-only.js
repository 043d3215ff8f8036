// Managers watch flows in Cockpit with read rights only (a community's party committee, a street office, the district
// office): Cockpit Community Edition offers them every repair action all the same (delete or suspend a case, add,
// edit or delete its variables, change a task's assignee or candidates, delete a deployment …), which the engine then
// refuses. Whoever may not use the Admin webapp is such a manager: the page gets the class xs-read-only, and
// styles/user-styles.css hides the write actions. Administrators keep every repair tool; the server's
// authorizations stay what protects the cases.
//
// Cockpit loads this script once, often on its login page: who is logged in is asked again at every change of view
// (logging in leads to a new view).
function decideReadOnly() {
  // the webapps' own API, beside app/cockpit/default/ (the page's base)
  fetch(new URL('../../../api/admin/auth/user/default', document.baseURI), {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' }
  })
    .then(function(response) {
      return response.ok ? response.json() : null;
    })
    .then(function(user) {
      document.body.classList.toggle('xs-read-only', !!user && (user.authorizedApps || []).indexOf('admin') < 0);
    })
    .catch(function() {
      document.body.classList.add('xs-read-only'); // unknown: offer no repair tools
    });
}

decideReadOnly();
window.addEventListener('hashchange', decideReadOnly);
