// The lists of customers, prospects, suppliers and organisations (namespace "lists"): the page's state into
// the address, the grid asked again, and Enter on a row opens its record.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    lists: {
        // A sidebar button, a chip or the search changed the state: a new history entry (Back returns to the
        // filter before), the grid in the view's own order, every block asked for again.
        apply: function (state, gridId, listPath) {
            if (!state || window.location.pathname !== listPath) {
                return window.dash_clientside.no_update;
            }
            window.dash_clientside.kundenakte.setQuery(
                [["view", state.view === "abc" ? null : state.view], ["abc", state.abc], ["q", state.q],
                 ["sort", null]], true);
            try {
                var api = dash_ag_grid.getApi(gridId);
                var wanted = state.default_sort || [];
                var sorted = api.getColumnState().filter(function (c) { return c.sort; });
                var same = sorted.length === 1 && sorted[0].colId === wanted[0] && sorted[0].sort === wanted[1];
                if (same) {
                    api.purgeInfiniteCache();
                } else {
                    // a new sort makes the grid ask for its blocks again by itself
                    api.applyColumnState({state: [{colId: wanted[0], sort: wanted[1]}], defaultState: {sort: null}});
                }
            } catch (e) {
                // the grid is not ready yet: its first request reads the new state anyway
            }
            return JSON.stringify(state);
        },
        // The grid's sort into the address, without a history entry (a header click is no filter).
        syncSort: function (sort) {
            window.dash_clientside.kundenakte.setQuery([["sort", sort]], false);
            return sort || "";
        }
    }
});

// Enter on a focused row of a list opens the organisation's record (the row's href, made by the server with
// dashboard.components.format.record_href), the way a click on the name does: without reloading the page.
document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target || !event.target.closest) {
        return;
    }
    var row = event.target.closest(".kundenakte-list .ag-row");
    if (!row || event.target.closest("a, button, input")) {
        return;
    }
    var holder = row.closest(".kundenakte-list [id$='-grid']");
    if (!holder) {
        return;
    }
    try {
        var node = dash_ag_grid.getApi(holder.id).getDisplayedRowAtIndex(Number(row.getAttribute("row-index")));
        var href = node && node.data && node.data.href;
        if (href && href.charAt(0) === "/") {
            event.preventDefault();
            window.history.pushState({}, "", href);
            window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        }
    } catch (e) {
        // no grid API: nothing to open
    }
});

// Back and Forward: the sidebar's states are history entries of their own (pushState), which Dash's location
// does not see; the address's view, letter and search go into the list's state store and search box here,
// and the list follows them like a click in the sidebar.
window.addEventListener("popstate", function () {
    var marker = document.querySelector(".aspect-list [data-path]");
    if (!marker || marker.getAttribute("data-path") !== window.location.pathname || !window.dash_clientside.set_props) {
        return;
    }
    var prefix = marker.id.replace(/-applied$/, "");
    var params = new URLSearchParams(window.location.search);
    var view = params.get("view") || "abc";
    view = view.indexOf("top") === 0 ? "top" : view;
    var sorts = JSON.parse(marker.getAttribute("data-sorts") || "{}");
    var q = params.get("q") || "";
    window.dash_clientside.set_props(prefix + "-search", {value: q});
    window.dash_clientside.set_props(prefix + "-state", {data: {view: view, abc: params.get("abc") || null, q: q,
                                                                default_sort: sorts[view] || ["letter", "asc"]}});
});
