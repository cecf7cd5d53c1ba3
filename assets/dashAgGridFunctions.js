// Functions for dash-ag-grid's {"function": "..."} props (value formatters).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

var euroFormat = new Intl.NumberFormat("de-DE", {style: "currency", currency: "EUR"});

// 1234.5 -> "1.234,50 €"; empty stays empty.
dagfuncs.euro = function (value) {
    return value === null || value === undefined ? "" : euroFormat.format(value);
};

// true -> "ja", false -> "nein"; empty stays empty.
dagfuncs.yesNo = function (value) {
    return value === null || value === undefined ? "" : (value ? "ja" : "nein");
};

var numberFormat = new Intl.NumberFormat("de-DE", {maximumFractionDigits: 2});

// 1234.5 -> "1.234,5"; empty stays empty.
dagfuncs.deNumber = function (value) {
    return value === null || value === undefined ? "" : numberFormat.format(value);
};
