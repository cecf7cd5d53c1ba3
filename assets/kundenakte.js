// Clientside callbacks of the dashboard (namespace "kundenakte").

// Dash's date pickers name months and weekdays in the first of navigator.languages; a German page must not
// show "June" and "Mo Tu We" because the browser is English: the page's language (<html lang>, the user's
// profile) goes first.
(function () {
    var lang = document.documentElement.lang;
    if (!lang) {
        return;
    }
    try {
        var others = (navigator.languages || []).filter(function (l) { return l !== lang; });
        Object.defineProperty(navigator, "languages", {configurable: true, get: function () {
            return [lang].concat(others);
        }});
        Object.defineProperty(navigator, "language", {configurable: true, get: function () { return lang; }});
    } catch (e) {
        // a browser that refuses: its own language stays
    }
})();
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
        // The as-of date and the address kept in step, and the plain notice that past figures are shown.
        // Opening or pasting an address with as_of sets the picker; a date chosen in the picker goes into the
        // address, and stays there when another page is opened (Dash pages writes the new address without it).
        showAsOf: function (asOf, search, pathname, template, lang) {
            var ns = window.dash_clientside;
            var triggered = (ns.callback_context.triggered || []).map(function (t) { return t.prop_id; });
            var fromPicker = triggered.indexOf("shell-as-of.date") >= 0;
            var inUrl = new URLSearchParams(window.location.search).get("as_of");
            var valid = inUrl && /^\d{4}-\d{2}-\d{2}$/.test(inUrl) ? inUrl : null;
            var picked = asOf ? String(asOf).slice(0, 10) : null;
            var shownDate = picked;
            var newDate = ns.no_update;
            if (fromPicker) {
                ns.kundenakte.setQuery([["as_of", picked]]);
            } else if (valid && valid !== picked) {
                newDate = valid;
                shownDate = valid;
            } else if (picked) {
                ns.kundenakte.setQuery([["as_of", picked]]);
            }
            if (!shownDate) {
                return [newDate, "", true];
            }
            var day = new Date(shownDate + "T00:00:00");
            var text = new Intl.DateTimeFormat(lang || "de-DE", {day: "2-digit", month: "2-digit", year: "numeric"})
                .format(day);
            return [newDate, (template || "{day}").replace("{day}", text), false];
        }
    }
});
