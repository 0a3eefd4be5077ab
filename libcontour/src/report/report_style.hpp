#pragma once
// Internal: the stylesheet the HTML reports share (screen and print).
namespace contour::detail {

inline constexpr const char* kReportStyle = R"css(
:root { --ink: #1d1d1f; --muted: #5a5a60; --rule: #d0d0d5; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 24px auto; max-width: 1000px;
       padding: 0 16px; line-height: 1.4; font-size: 14px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 26px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 3px;
     break-after: avoid; page-break-after: avoid; }
.meta { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 13px; break-inside: avoid; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f1f1f4; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.summary { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0; }
.summary div { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; min-width: 150px; }
.summary b { display: block; font-size: 20px; }
.figures { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure img { width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { font-size: 12px; color: var(--muted); }
.plots { display: flex; justify-content: center; gap: 16px; flex-wrap: wrap; break-inside: avoid; }
.warn { background: #fff4e5; border-left: 4px solid #e69500; padding: 6px 10px; margin: 4px 0; }
.note { color: var(--muted); font-size: 12px; }
caption.below { caption-side: bottom; text-align: left; padding-top: 3px; }
code { font-size: 12px; }
.ident { width: auto; min-width: 60%; margin: 4px 0 8px; }
.ident th { width: 9em; background: none; font-weight: normal; color: var(--muted); }
.ident td { font-weight: 600; }
.ident td.missing { font-weight: normal; color: var(--muted); font-style: italic; }
.outside { color: #b00020; font-weight: 700; }
.disclaimer { border: 2px solid var(--ink); padding: 8px 12px; margin: 14px 0; font-size: 13px; break-inside: avoid; }
.settings { columns: 2; column-gap: 24px; font-size: 11px; font-family: monospace; }
.settings div { break-inside: avoid; overflow-wrap: anywhere; }
.hash { font-family: monospace; font-size: 11px; word-break: break-all; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h1 { font-size: 18pt; }
  h2 { margin-top: 12px; font-size: 13pt; }
  table { font-size: 10pt; }
  figcaption, .note, .meta { font-size: 9pt; }
  .summary b { font-size: 15pt; }
  .figures { grid-template-columns: 1fr 1fr; }
  .pagebreak { break-before: page; page-break-before: always; }
  .settings { font-size: 7.5pt; columns: 2; }
  a { color: inherit; text-decoration: none; }
  .warn { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

}  // namespace contour::detail
