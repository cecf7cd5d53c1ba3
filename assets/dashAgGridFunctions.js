// Functions for dash-ag-grid's {"function": "..."} props (value formatters).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

// the page's language (dashboard/app.py writes it into <html lang>): German unless English is chosen
var gridLocale = (document.documentElement.lang || "de-DE").indexOf("en") === 0 ? "en-GB" : "de-DE";
var german = gridLocale === "de-DE";

var euroFormat = new Intl.NumberFormat(gridLocale, {style: "currency", currency: "EUR"});

// 1234.5 -> "1.234,50 €"; empty stays empty.
dagfuncs.euro = function (value) {
    return value === null || value === undefined ? "" : euroFormat.format(value);
};

// true -> "ja", false -> "nein"; empty stays empty.
dagfuncs.yesNo = function (value) {
    return value === null || value === undefined ? "" : (value ? (german ? "ja" : "yes") : (german ? "nein" : "no"));
};

var numberFormat = new Intl.NumberFormat(gridLocale, {maximumFractionDigits: 2});

// 1234.5 -> "1.234,5"; empty stays empty.
dagfuncs.deNumber = function (value) {
    return value === null || value === undefined ? "" : numberFormat.format(value);
};

var fixed2Format = new Intl.NumberFormat(gridLocale, {minimumFractionDigits: 2, maximumFractionDigits: 2});

// 3.5 -> "3,50" (ratings); empty stays empty.
dagfuncs.fixed2 = function (value) {
    return value === null || value === undefined ? "" : fixed2Format.format(value);
};

// 12.5 -> "12,50 h" (logged hours); empty stays empty.
dagfuncs.hours = function (value) {
    return value === null || value === undefined ? "" : fixed2Format.format(value) + "\u00a0h";
};
