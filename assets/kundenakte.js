// Clientside callbacks of the dashboard (namespace "kundenakte").
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    kundenakte: {
        // A new as-of date: drop the infinite grid's cached blocks so every block is asked for again.
        purgeGrid: function (asOf, gridId) {
            try {
                var api = dash_ag_grid.getApi(gridId);
                if (api) {
                    api.purgeInfiniteCache();
                }
            } catch (e) {
                // the grid is not on this page or not ready yet: nothing cached to drop
            }
            return asOf ? "Stand " + asOf : "Stand heute";
        },
        // The ABC page's state into the query string, without a reload and without a new history entry
        // (replaceState fires no popstate, so the page is not rendered again).
        syncQuery: function (aspect, model, view, before, after) {
            var params = new URLSearchParams();
            var pairs = [["aspect", aspect], ["model", model], ["view", view === "classes" ? null : view],
                         ["before", before && String(before).slice(0, 10)], ["after", after && String(after).slice(0, 10)]];
            pairs.forEach(function (pair) {
                if (pair[1]) {
                    params.set(pair[0], pair[1]);
                }
            });
            var search = params.toString();
            var target = window.location.pathname + (search ? "?" + search : "");
            if (target !== window.location.pathname + window.location.search) {
                window.history.replaceState(window.history.state, "", target);
            }
            return search;
        }
    }
});
