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
            return window.dash_clientside.kundenakte.setQuery(
                [["aspect", aspect], ["model", model], ["view", view === "classes" ? null : view],
                 ["before", before && String(before).slice(0, 10)], ["after", after && String(after).slice(0, 10)]]);
        },
        // Page state into the address: each [name, value] pair set (empty: removed), the other parameters
        // (as_of, ...) kept; replaceState makes no history entry and fires no popstate (no new render).
        // With push true a new history entry is made, so Back returns to the state before.
        setQuery: function (pairs, push) {
            var params = new URLSearchParams(window.location.search);
            pairs.forEach(function (pair) {
                if (pair[1] === null || pair[1] === undefined || pair[1] === "" ||
                        (Array.isArray(pair[1]) && pair[1].length === 0)) {
                    params.delete(pair[0]);
                } else {
                    params.set(pair[0], Array.isArray(pair[1]) ? pair[1].join(",") : String(pair[1]));
                }
            });
            var search = params.toString();
            var target = window.location.pathname + (search ? "?" + search : "");
            if (target !== window.location.pathname + window.location.search) {
                if (push) {
                    window.history.pushState(window.history.state, "", target);
                } else {
                    window.history.replaceState(window.history.state, "", target);
                }
            }
            return search;
        },
        // The language was saved in the profile: show the page again in it.
        reloadPage: function (saved) {
            if (saved) {
                window.location.reload();
            }
            return saved || "";
        },
        // A chosen as-of date: the plain notice that past figures are shown, and as_of in the address
        // (also after moving to another page, whose address Dash pages writes without it).
        showAsOf: function (asOf, pathname, template, lang) {
            window.dash_clientside.kundenakte.setQuery([["as_of", asOf ? String(asOf).slice(0, 10) : null]]);
            if (!asOf) {
                return ["", true];
            }
            var day = new Date(String(asOf).slice(0, 10) + "T00:00:00");
            var shown = new Intl.DateTimeFormat(lang || "de-DE", {day: "2-digit", month: "2-digit", year: "numeric"})
                .format(day);
            return [(template || "{day}").replace("{day}", shown), false];
        }
    }
});
