// Clientside callbacks of the settings page (namespace "settings"), and its tabs made keyboard-usable.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    settings: {
        // The chosen tab into the address (?tab=, the first tab without one); the other parameters kept.
        syncTab: function (tab) {
            return window.dash_clientside.kundenakte.setQuery([["tab", tab === "abc" ? null : tab]]);
        }
    }
});

// dcc.Tabs renders each tab as a plain <div> with a click handler: no focus, no keys, no role. The settings
// tabs get the WAI-ARIA tabs pattern: a tablist of tabs, the selected one in the Tab order (roving tabindex),
// Enter or Space chooses the focused tab, the arrow keys (and Home, End) move to the next tab and choose it.
(function () {
    var SELECTOR = ".settings-tabs .tab";
    var pending = false;

    function mark() {
        pending = false;
        document.querySelectorAll(".tab-container.settings-tabs").forEach(function (list) {
            if (list.getAttribute("role") !== "tablist") {
                list.setAttribute("role", "tablist");
            }
            list.querySelectorAll(".tab").forEach(function (tab) {
                var selected = tab.classList.contains("tab--selected");
                var wanted = {"role": "tab", "aria-selected": String(selected), "tabindex": selected ? "0" : "-1"};
                Object.keys(wanted).forEach(function (name) {
                    if (tab.getAttribute(name) !== wanted[name]) {
                        tab.setAttribute(name, wanted[name]);
                    }
                });
            });
        });
    }

    function soon() {
        if (!pending) {
            pending = true;
            window.requestAnimationFrame(mark);
        }
    }

    new MutationObserver(soon).observe(document.documentElement,
        {subtree: true, childList: true, attributes: true, attributeFilter: ["class"]});

    document.addEventListener("keydown", function (event) {
        var tab = event.target && event.target.closest ? event.target.closest(SELECTOR) : null;
        if (!tab) {
            return;
        }
        var tabs = Array.prototype.slice.call(tab.parentNode.querySelectorAll(".tab"));
        var i = tabs.indexOf(tab);
        var next = null;
        if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            tab.click();
            return;
        }
        if (event.key === "ArrowRight" || event.key === "ArrowDown") {
            next = tabs[(i + 1) % tabs.length];
        } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
            next = tabs[(i + tabs.length - 1) % tabs.length];
        } else if (event.key === "Home") {
            next = tabs[0];
        } else if (event.key === "End") {
            next = tabs[tabs.length - 1];
        }
        if (next) {
            event.preventDefault();
            next.click();
            next.focus();
        }
    });
})();
