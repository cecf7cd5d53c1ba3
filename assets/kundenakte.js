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
        }
    }
});
