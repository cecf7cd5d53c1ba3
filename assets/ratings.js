// Clientside callbacks of the supplier ratings page (namespace "ratings") and its grid formatters.
(function () {
    var lang = (document.documentElement.lang || "de-DE").indexOf("en") === 0 ? "en-GB" : "de-DE";
    var two = new Intl.NumberFormat(lang, {minimumFractionDigits: 2, maximumFractionDigits: 2});
    var day = new Intl.DateTimeFormat(lang, {day: "2-digit", month: "2-digit", year: "numeric"});
    var f = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
    // The change of the score since the previous rating: an arrow and the signed number (never colour alone).
    f.ratingTrend = function (value) {
        if (value === null || value === undefined) {
            return "";
        }
        if (Math.abs(value) < 0.005) {
            return "\u2192 " + two.format(0);
        }
        return (value > 0 ? "\u25b2 +" : "\u25bc \u2212") + two.format(Math.abs(value));
    };
    // An ISO date as the page's language writes it.
    f.ratingDate = function (value) {
        return value ? day.format(new Date(String(value).slice(0, 10) + "T00:00:00")) : "";
    };
})();

window.dash_clientside = Object.assign({}, window.dash_clientside, {
    ratings: {
        // A click on a row chooses its supplier (the form's field, which the detail follows).
        choose: function (rows) {
            if (!rows || !rows.length || !rows[0] || !rows[0].id) {
                return window.dash_clientside.no_update;
            }
            return rows[0].id;
        },
        // A new as-of date or a saved rating: drop the grid's cached blocks, so every block is asked for again.
        purge: function (asOf, saved, gridId) {
            try {
                var api = dash_ag_grid.getApi(gridId);
                if (api) {
                    api.purgeInfiniteCache();
                }
            } catch (e) {
                // the grid is not ready yet: nothing cached to drop
            }
            return "";
        },
        // The chosen supplier and the grid's sort into the query string (as_of and the rest kept, no reload).
        syncQuery: function (request, supplier) {
            var sort = null;
            var model = request && request.sortModel;
            if (model && model.length) {
                sort = model[0].colId + ":" + model[0].sort;
            }
            return window.dash_clientside.kundenakte.setQuery([["supplier", supplier], ["sort", sort]]);
        }
    }
});
