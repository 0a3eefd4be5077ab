#include "contour/report/pdf_report.hpp"

#include "contour/core/errors.hpp"
#include "contour/report/report_text.hpp"
#include "core/format_text.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <sstream>

namespace contour {

PaperSize parse_paper_size(const std::string& name) {
  std::string n;
  for (char c : name) n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n == "a4") return PaperSize::a4;
  if (n == "letter") return PaperSize::letter;
  throw InvalidInput("paper size \"" + name + "\" is not one of a4, letter");
}

namespace {

constexpr auto fmt = detail::format_text;

// Okabe-Ito colours (colour-blind safe): before blue, target orange, warnings vermillion.
struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.11, 0.11, 0.12}, kMuted{0.36, 0.36, 0.39}, kRule{0.78, 0.78, 0.80};
constexpr Rgb kBefore{0.0, 0.447, 0.698}, kTarget{0.902, 0.624, 0.0}, kWarn{0.835, 0.369, 0.0};
constexpr Rgb kBoxFill{0.96, 0.96, 0.97}, kWarnFill{1.0, 0.957, 0.898};

constexpr const char* kFont = "DejaVu Sans";

std::string ml1(double v) { return fmt("%.1f", v); }
std::string range_text(const GraftRange& r) { return fmt("%.1f\u2013%.1f", r.low_ml, r.high_ml); }

struct PngReader {
  const std::vector<std::uint8_t>* bytes;
  std::size_t pos = 0;
};
cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<PngReader*>(closure);
  if (r->pos + length > r->bytes->size()) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, r->bytes->data() + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}
cairo_status_t write_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

/// A column of a table: width in points and alignment.
struct Column {
  double width;
  bool right = false;
};

/// Page layout with a cursor: draws text, wraps paragraphs, breaks pages, and puts the header
/// and footer on every page. Laid out twice: the first pass counts the pages for "page n of N".
class Layout {
 public:
  Layout(cairo_t* cr, double page_w, double page_h, std::string header_left, std::string header_right,
         std::string footer_left, int total_pages)
      : cr_(cr), w_(page_w), h_(page_h), header_left_(std::move(header_left)), header_right_(std::move(header_right)),
        footer_left_(std::move(footer_left)), total_(total_pages) {
    begin_page();
  }

  [[nodiscard]] int pages() const { return page_; }
  [[nodiscard]] double left() const { return margin_; }
  [[nodiscard]] double width() const { return w_ - 2 * margin_; }
  [[nodiscard]] double bottom() const { return h_ - 48; }
  [[nodiscard]] double remaining() const { return bottom() - y; }
  cairo_t* cr() const { return cr_; }

  double y = 0;

  void new_page() {
    cairo_show_page(cr_);
    begin_page();
  }
  /// Starts a new page unless `height` points still fit.
  void need(double height) {
    if (y + height > bottom()) new_page();
  }

  void font(double size, bool bold = false, Rgb c = kInk) {
    cairo_select_font_face(cr_, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
    cairo_set_source_rgb(cr_, c.r, c.g, c.b);
  }
  double text_width(const std::string& s) const {
    cairo_text_extents_t e;
    cairo_text_extents(cr_, s.c_str(), &e);
    return e.x_advance;
  }
  /// Draws one line at baseline (x, by); align 0 left, 1 right edge at x, 0.5 centred.
  void text_at(double x, double by, const std::string& s, double align = 0) {
    cairo_move_to(cr_, x - align * text_width(s), by);
    cairo_show_text(cr_, s.c_str());
  }
  /// Splits `s` into lines no wider than `width` in the current font.
  std::vector<std::string> wrap(const std::string& s, double width) const {
    std::vector<std::string> lines;
    std::istringstream words(s);
    std::string word, line;
    while (words >> word) {
      const std::string trial = line.empty() ? word : line + " " + word;
      if (!line.empty() && text_width(trial) > width) {
        lines.push_back(line);
        line = word;
      } else {
        line = trial;
      }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
  }
  /// A wrapped paragraph at the cursor, in the current font; advances the cursor.
  void paragraph(const std::string& s, double size, double x, double width, bool bold = false, Rgb c = kInk) {
    font(size, bold, c);
    const double lh = size * 1.3;
    for (const auto& line : wrap(s, width)) {
      need(lh);
      font(size, bold, c);
      y += lh;
      text_at(x, y - 0.25 * size, line);
    }
  }
  void heading(const std::string& s) {
    need(40);
    y += 10;
    font(13, true);
    y += 14;
    text_at(left(), y, s);
    y += 4;
    rule(left(), y, left() + width());
    y += 4;
  }
  void rule(double x0, double yy, double x1, Rgb c = kRule, double lw = 0.6) {
    cairo_set_source_rgb(cr_, c.r, c.g, c.b);
    cairo_set_line_width(cr_, lw);
    cairo_move_to(cr_, x0, yy);
    cairo_line_to(cr_, x1, yy);
    cairo_stroke(cr_);
  }
  void box(double x, double yy, double bw, double bh, Rgb fill, Rgb stroke, double lw) {
    cairo_rectangle(cr_, x, yy, bw, bh);
    cairo_set_source_rgb(cr_, fill.r, fill.g, fill.b);
    cairo_fill_preserve(cr_);
    cairo_set_source_rgb(cr_, stroke.r, stroke.g, stroke.b);
    cairo_set_line_width(cr_, lw);
    cairo_stroke(cr_);
  }
  /// A table: a bold header row, then rows; the last column wraps, the others are one line.
  void table(const std::vector<Column>& cols, const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows, double size = 9) {
    const double lh = size * 1.35;
    auto draw_row = [&](const std::vector<std::string>& cells, bool bold) {
      font(size, bold);
      std::vector<std::string> last = wrap(cells.back(), cols.back().width - 4);
      if (last.empty()) last.push_back("");
      const double rh = lh * static_cast<double>(last.size()) + 3;
      need(rh + (bold ? lh : 0));
      font(size, bold);
      double x = left();
      for (std::size_t c = 0; c < cols.size(); ++c) {
        const double by = y + lh - 0.3 * size;
        if (c + 1 == cols.size()) {
          for (std::size_t k = 0; k < last.size(); ++k)
            text_at(cols[c].right ? x + cols[c].width - 2 : x + 2, by + lh * static_cast<double>(k), last[k],
                    cols[c].right ? 1 : 0);
        } else if (c < cells.size()) {
          text_at(cols[c].right ? x + cols[c].width - 2 : x + 2, by, cells[c], cols[c].right ? 1 : 0);
        }
        x += cols[c].width;
      }
      y += rh;
      rule(left(), y, left() + width());
    };
    bool any_header = false;
    for (const auto& h : header) any_header = any_header || !h.empty();
    if (any_header) draw_row(header, true);
    for (const auto& r : rows) draw_row(r, false);
    y += 6;
  }
  /// A PNG scaled to `iw` points wide at (x, yy); returns its height in points (0 if unreadable).
  double image(const std::vector<std::uint8_t>& png, double x, double yy, double iw, bool draw = true) {
    PngReader reader{&png};
    cairo_surface_t* img = cairo_image_surface_create_from_png_stream(read_png, &reader);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
      cairo_surface_destroy(img);
      return 0;
    }
    const double pw = cairo_image_surface_get_width(img), ph = cairo_image_surface_get_height(img);
    const double s = iw / pw;
    if (draw) {
      cairo_save(cr_);
      cairo_translate(cr_, x, yy);
      cairo_scale(cr_, s, s);
      cairo_set_source_surface(cr_, img, 0, 0);
      cairo_paint(cr_);
      cairo_restore(cr_);
      cairo_rectangle(cr_, x, yy, iw, ph * s);
      cairo_set_source_rgb(cr_, kRule.r, kRule.g, kRule.b);
      cairo_set_line_width(cr_, 0.6);
      cairo_stroke(cr_);
    }
    cairo_surface_destroy(img);
    return ph * s;
  }

 private:
  void begin_page() {
    ++page_;
    font(8.5, true, kMuted);
    text_at(margin_, 28, header_left_);
    font(8.5, false, kMuted);
    text_at(w_ - margin_, 28, header_right_, 1);
    rule(margin_, 33, w_ - margin_);
    rule(margin_, h_ - 36, w_ - margin_);
    font(8, false, kMuted);
    const std::string number = total_ > 0 ? fmt("page %d of %d", page_, total_) : fmt("page %d", page_);
    std::string footer = footer_left_;
    while (footer.size() > 8 && text_width(footer) > w_ - 2 * margin_ - text_width(number) - 16)
      footer = footer.substr(0, footer.size() - 4) + "\u2026";
    text_at(margin_, h_ - 24, footer);
    text_at(w_ - margin_, h_ - 24, number, 1);
    y = 44;
  }

  cairo_t* cr_;
  double w_, h_;
  double margin_ = 42;
  std::string header_left_, header_right_, footer_left_;
  int total_;
  int page_ = 0;
};

std::string or_not_given(const std::string& s) { return s.empty() ? "not given" : s; }

/// One side's silhouette profile: half-width against height, before (blue), target (orange),
/// the fill between them, landmark levels. The right side is mirrored so the pair reads like
/// the front view.
void profile_plot(Layout& L, const PlanResult& plan, Side side, double x0, double y0, double pw_total,
                  double ph_total) {
  cairo_t* cr = L.cr();
  const GeometryResult& g = plan.geometry;
  const Silhouette& sil = g.silhouette;
  const SideGeometry& sg = g.sides[side == Side::Left ? 0 : 1];
  const Landmarks& lm = sg.landmarks.z;
  const bool mirrored = side == Side::Right;
  L.font(11, true);
  L.text_at(x0 + pw_total / 2, y0 + 12, std::string("Patient's ") + side_name(side) + " side", 0.5);
  const double z_lo = lm.thigh_z_mm - 20, z_hi = lm.waist_z_mm + 40;
  double w_lo = 1e300, w_hi = -1e300, zmin = 1e300, zmax = -1e300;
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < sil.z.size(); ++i) {
    if (!sil.valid[i] || sil.z[i] < z_lo || sil.z[i] > z_hi) continue;
    idx.push_back(i);
    const double w = sil.width(side, i);
    const double t = i < sg.curve.target.size() ? sg.curve.target[i] : w;
    w_lo = std::min({w_lo, w, t});
    w_hi = std::max({w_hi, w, t});
    zmin = std::min(zmin, sil.z[i]);
    zmax = std::max(zmax, sil.z[i]);
  }
  if (idx.size() < 2) {
    L.font(10);
    L.text_at(x0 + 10, y0 + 40, "No silhouette samples in the hip window.");
    return;
  }
  w_lo -= 5, w_hi += 5;
  const double ml = 40, mr = 8, mt = 22, mb = 58;
  const double pw = pw_total - ml - mr, ph = ph_total - mt - mb;
  const double px0 = x0 + ml, py0 = y0 + mt;
  auto px = [&](double w) {
    const double u = (w - w_lo) / (w_hi - w_lo);
    return mirrored ? px0 + pw * (1 - u) : px0 + pw * u;
  };
  auto py = [&](double z) { return py0 + ph * (1 - (z - zmin) / (zmax - zmin)); };
  L.box(px0, py0, pw, ph, {0.985, 0.985, 0.985}, {0.6, 0.6, 0.6}, 0.6);
  auto nice_step = [](double range, int count) {
    const double raw = range / std::max(1, count);
    const double mag = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-9))));
    for (double m : {1.0, 2.0, 5.0, 10.0})
      if (m * mag >= raw) return m * mag;
    return 10 * mag;
  };
  const double ws = nice_step(w_hi - w_lo, 5), zs = nice_step(zmax - zmin, 8);
  L.font(8, false, kMuted);
  for (double w = std::ceil(w_lo / ws) * ws; w <= w_hi; w += ws) {
    L.rule(px(w), py0, px(w), {0.88, 0.88, 0.88}, 0.4);
    cairo_move_to(cr, px(w), py0);
    cairo_line_to(cr, px(w), py0 + ph);
    cairo_stroke(cr);
    L.font(8, false, kMuted);
    L.text_at(px(w), py0 + ph + 11, fmt("%.0f", w), 0.5);
  }
  for (double z = std::ceil(zmin / zs) * zs; z <= zmax; z += zs) {
    L.rule(px0, py(z), px0 + pw, {0.88, 0.88, 0.88}, 0.4);
    L.font(8, false, kMuted);
    L.text_at(px0 - 3, py(z) + 3, fmt("%.0f", z), 1);
  }
  L.font(8.5, false, kMuted);
  L.text_at(px0 + pw / 2, py0 + ph + 24, std::string("half-width, mm (outwards ") + (mirrored ? "to the left)" : "to the right)"), 0.5);
  cairo_save(cr);
  cairo_translate(cr, x0 + 9, py0 + ph / 2);
  cairo_rotate(cr, -M_PI / 2);
  L.text_at(0, 0, "height above the lowest point, mm", 0.5);
  cairo_restore(cr);

  auto target_at = [&](std::size_t i) { return i < sg.curve.target.size() ? sg.curve.target[i] : sil.width(side, i); };
  // The fill between the curves.
  cairo_new_path(cr);
  for (std::size_t k = 0; k < idx.size(); ++k) {
    const std::size_t i = idx[k];
    if (k == 0) cairo_move_to(cr, px(target_at(i)), py(sil.z[i]));
    else cairo_line_to(cr, px(target_at(i)), py(sil.z[i]));
  }
  for (auto it = idx.rbegin(); it != idx.rend(); ++it) cairo_line_to(cr, px(sil.width(side, *it)), py(sil.z[*it]));
  cairo_close_path(cr);
  cairo_set_source_rgba(cr, kTarget.r, kTarget.g, kTarget.b, 0.30);
  cairo_fill(cr);
  auto curve = [&](const std::function<double(std::size_t)>& w, Rgb c, bool dashed) {
    cairo_new_path(cr);
    for (std::size_t k = 0; k < idx.size(); ++k) {
      const std::size_t i = idx[k];
      if (k == 0) cairo_move_to(cr, px(w(i)), py(sil.z[i]));
      else cairo_line_to(cr, px(w(i)), py(sil.z[i]));
    }
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, 1.8);
    const double dash[] = {5, 3};
    cairo_set_dash(cr, dash, dashed ? 2 : 0, 0);
    cairo_stroke(cr);
    cairo_set_dash(cr, dash, 0, 0);
  };
  curve([&](std::size_t i) { return sil.width(side, i); }, kBefore, false);
  curve(target_at, kTarget, true);
  struct Level {
    const char* name;
    double z;
  };
  for (const Level& l : {Level{"waist", lm.waist_z_mm}, Level{"iliac crest", lm.iliac_z_mm}, Level{"dip", lm.dip_z_mm},
                         Level{"trochanter", lm.trochanter_z_mm}}) {
    if (l.z < zmin || l.z > zmax) continue;
    const double dash[] = {3, 2};
    cairo_set_dash(cr, dash, 2, 0);
    L.rule(px0, py(l.z), px0 + pw, {0.45, 0.45, 0.45}, 0.6);
    cairo_set_dash(cr, dash, 0, 0);
    L.font(8, false, {0.25, 0.25, 0.25});
    L.text_at(mirrored ? px0 + 3 : px0 + pw - 3, py(l.z) - 3, fmt("%s %.0f", l.name, l.z), mirrored ? 0 : 1);
  }
  // Legend under the axis label.
  const double ly = py0 + ph + 38;
  cairo_set_source_rgb(cr, kBefore.r, kBefore.g, kBefore.b);
  cairo_set_line_width(cr, 1.8);
  cairo_move_to(cr, px0, ly - 3);
  cairo_line_to(cr, px0 + 16, ly - 3);
  cairo_stroke(cr);
  L.font(8.5);
  L.text_at(px0 + 20, ly, "before (scan)");
  const double dash[] = {5, 3};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_source_rgb(cr, kTarget.r, kTarget.g, kTarget.b);
  cairo_move_to(cr, px0 + 95, ly - 3);
  cairo_line_to(cr, px0 + 111, ly - 3);
  cairo_stroke(cr);
  cairo_set_dash(cr, dash, 0, 0);
  L.font(8.5);
  L.text_at(px0 + 115, ly, fmt("target (%.0f %%)", 100 * g.correction));
  cairo_rectangle(cr, px0, ly + 5, 16, 7);
  cairo_set_source_rgba(cr, kTarget.r, kTarget.g, kTarget.b, 0.30);
  cairo_fill(cr);
  L.font(8.5);
  L.text_at(px0 + 20, ly + 12, "fill (volume to add)");
}

/// Per-side key figures on page 1.
void side_box(Layout& L, const PlanResult& p, Side side, double x, double y0, double bw, double bh) {
  const GraftPlan& gp = p.graft;
  const SideGraftPlan& s = side == Side::Left ? gp.left : gp.right;
  const SideGeometry& sg = p.geometry.sides[side == Side::Left ? 0 : 1];
  L.box(x, y0, bw, bh, kBoxFill, kRule, 0.8);
  double y = y0 + 18;
  L.font(12, true);
  L.text_at(x + 10, y, std::string("Patient's ") + (side == Side::Left ? "LEFT" : "RIGHT"));
  y += 24;
  auto row = [&](const std::string& label, const std::string& value, const std::string& note, bool warn = false) {
    L.font(9, false, kMuted);
    L.text_at(x + 10, y, label);
    L.font(15, true, warn ? kWarn : kInk);
    L.text_at(x + bw - 10, y, value, 1);
    y += 12;
    if (!note.empty()) {
      L.font(8.5, warn, warn ? kWarn : kMuted);
      L.text_at(x + bw - 10, y, note, 1);
    }
    y += 19;
  };
  row("Fill (volume to gain)", ml1(s.fill_ml) + " mL", fmt("dip depth %.1f mm", sg.landmarks.dip_depth_mm));
  const FigureWithRange inject{s.inject_ml, s.inject_range};
  row("Inject", ml1(s.inject_ml) + " mL",
      (inject.outside() ? "OUTSIDE its range " : "range ") + range_text(s.inject_range) +
          fmt(" mL (resorption %.0f %%)", 100 * s.resorption),
      inject.outside());
  const GraftRange asp{s.inject_range.low_ml / gp.yield, s.inject_range.high_ml / gp.yield};
  const FigureWithRange aspirate{s.aspirate_ml, asp};
  row("Raw aspirate", ml1(s.aspirate_ml) + " mL",
      (aspirate.outside() ? "OUTSIDE its range " : "range ") + range_text(asp) + fmt(" mL (yield %.2f)", gp.yield),
      aspirate.outside());
  std::string sessions;
  for (const auto& ss : s.sessions)
    sessions += (sessions.empty() ? "" : ", ") + fmt("%d: %.0f mL", ss.session, ss.inject_ml);
  row("Sessions", s.sessions.empty() ? "none" : std::to_string(s.sessions.size()), sessions);
  std::string donors;
  for (const auto& d : gp.donors)
    if (d.aspirate_ml > 0 && d.side == side)
      donors += (donors.empty() ? "" : ", ") + d.site + fmt(" %.0f", d.aspirate_ml);
  L.font(9, false, kMuted);
  L.text_at(x + 10, y, "Donor sites on this side (mL raw):");
  y += 12;
  L.font(9);
  const auto lines = L.wrap(donors.empty() ? "none" : donors, bw - 20);
  for (std::size_t k = 0; k < lines.size() && k < 3; ++k, y += 11) L.text_at(x + 10, y, lines[k]);
}

/// One row of up to two pictures, each scaled to fit `max_w` x `max_h` points, with title and
/// caption below; advances the cursor (new page first if the row does not fit).
void image_row(Layout& L, const std::vector<ReportImage>& images, const std::vector<std::size_t>& row, double max_w,
               double max_h) {
  const double gap = 12;
  double iw = max_w, ih = 0;
  for (std::size_t k : row) {
    const double h = L.image(images[k].png, 0, 0, max_w, false);
    if (h > max_h) iw = std::min(iw, max_w * max_h / h);
  }
  for (std::size_t k : row) ih = std::max(ih, L.image(images[k].png, 0, 0, iw, false));
  L.font(8);
  std::size_t cap_lines = 0;
  for (std::size_t k : row) cap_lines = std::max(cap_lines, L.wrap(images[k].caption, max_w).size());
  const double ch = 14 + 10 * static_cast<double>(cap_lines);
  L.need(ih + ch + 6);
  for (std::size_t c = 0; c < row.size(); ++c) {
    const ReportImage& im = images[row[c]];
    const double cell_x = L.left() + static_cast<double>(c) * (max_w + gap);
    L.image(im.png, cell_x + (max_w - iw) / 2, L.y, iw);
    L.font(9, true);
    L.text_at(cell_x, L.y + ih + 11, im.title);
    L.font(8, false, kMuted);
    double cy = L.y + ih + 21;
    for (const auto& l : L.wrap(im.caption, max_w)) {
      L.text_at(cell_x, cy, l);
      cy += 10;
    }
  }
  L.y += ih + ch + 6;
}

void draw_report(Layout& L, const PlanResult& p, const PlanOptions& opt, const std::vector<ReportImage>& images,
                 const PdfReportOptions& report) {
  const GraftPlan& gp = p.graft;
  const GeometryResult& g = p.geometry;
  const double x0 = L.left(), W = L.width();

  // --- Page 1: the plan at a glance.
  L.font(17, true);
  L.y += 18;
  L.text_at(x0, L.y, report.title);
  L.y += 8;
  const auto fields = identity_fields(report.patient);
  const double colw = W / 3;
  for (std::size_t i = 0; i < fields.size() + 1; ++i) {
    const double cx = x0 + colw * static_cast<double>(i % 3);
    if (i % 3 == 0) L.y += 26;
    const std::string label = i < fields.size() ? fields[i].first : "Report date";
    const std::string value = i < fields.size() ? or_not_given(fields[i].second) : or_not_given(report.provenance.report_date);
    L.font(8, false, kMuted);
    L.text_at(cx, L.y - 12, label);
    const bool missing = i < fields.size() ? fields[i].second.empty() : report.provenance.report_date.empty();
    L.font(10.5, !missing, missing ? kMuted : kInk);
    std::string v = value;
    while (v.size() > 4 && L.text_width(v) > colw - 8) v = v.substr(0, v.size() - 4) + "\u2026";
    L.text_at(cx, L.y, v);
  }
  L.y += 4;
  L.paragraph(fmt("Scan %s, %lld triangles, height %.0f mm \u00b7 correction %.0f %% \u00b7 volumes in mL, left and right are the patient's",
                report.provenance.scan_file_name.empty() ? p.scan.info.path.c_str() : report.provenance.scan_file_name.c_str(),
                p.scan.info.faces, p.scan.info.height_mm, 100 * g.correction),
              8.5, x0, W, false, kMuted);
  L.y += 8;

  // Two side boxes: the patient's right on the left, as seen from the front.
  const double gap = 12, bw = (W - gap) / 2, bh = 200;
  side_box(L, p, Side::Right, x0, L.y, bw, bh);
  side_box(L, p, Side::Left, x0 + bw + gap, L.y, bw, bh);
  L.y += bh + 10;

  // Both sides together.
  {
    const double th = 62;
    L.box(x0, L.y, W, th, {1, 1, 1}, kInk, 1.0);
    const double cw = W / 4;
    struct Cell {
      std::string label, value, note;
      bool warn;
    };
    const FigureWithRange inj{gp.inject_ml, gp.inject_range}, asp{gp.aspirate_ml, gp.aspirate_range};
    const Cell cells[] = {
        {"Fill, both sides", ml1(gp.fill_ml) + " mL", "", false},
        {"Inject, both sides", ml1(gp.inject_ml) + " mL", (inj.outside() ? "OUTSIDE range " : "range ") + range_text(gp.inject_range), inj.outside()},
        {"Raw aspirate, all sessions", ml1(gp.aspirate_ml) + " mL", (asp.outside() ? "OUTSIDE range " : "range ") + range_text(gp.aspirate_range), asp.outside()},
        {"Sessions", std::to_string(gp.sessions.size()), gp.sessions.size() > 1 ? "staged" : "single session", false}};
    for (int c = 0; c < 4; ++c) {
      const double cx = x0 + cw * c + 10;
      L.font(8.5, false, kMuted);
      L.text_at(cx, L.y + 16, cells[c].label);
      L.font(16, true, cells[c].warn ? kWarn : kInk);
      L.text_at(cx, L.y + 37, cells[c].value);
      L.font(8.5, cells[c].warn, cells[c].warn ? kWarn : kMuted);
      L.text_at(cx, L.y + 52, cells[c].note);
    }
    L.y += th + 6;
    std::string donors;
    for (const auto& d : gp.donors)
      if (d.aspirate_ml > 0) donors += (donors.empty() ? "" : ", ") + d.site + fmt(" %.0f", d.aspirate_ml);
    if (gp.shortfall.shortfall_ml > 0) donors += fmt("; SHORT by %.0f mL", gp.shortfall.shortfall_ml);
    L.paragraph("Harvest (mL raw aspirate, all sessions): " + (donors.empty() ? std::string("nothing to harvest") : donors),
                9.5, x0, W, true);
    L.y += 4;
  }

  // Warnings in a box.
  {
    L.font(9.5);
    std::vector<std::string> lines;
    for (const auto& w : p.warnings)
      for (const auto& l : L.wrap("\u2022 " + w, W - 20)) lines.push_back(l);
    const double lh = 12.5;
    const double bh2 = 26 + lh * static_cast<double>(std::max<std::size_t>(lines.size(), 1));
    const double avail = L.remaining() - 130;  // leave room for the disclaimer
    const std::size_t fit = static_cast<std::size_t>(std::max(1.0, std::floor((avail - 26) / lh)));
    const bool cut = lines.size() > fit;
    const std::size_t shown = cut ? fit - 1 : lines.size();
    const double boxh = cut ? 26 + lh * static_cast<double>(fit) : bh2;
    L.box(x0, L.y, W, boxh, p.warnings.empty() ? kBoxFill : kWarnFill, p.warnings.empty() ? kRule : kWarn, 1.4);
    L.font(11, true, p.warnings.empty() ? kInk : kWarn);
    L.text_at(x0 + 10, L.y + 17, p.warnings.empty() ? "Warnings: none" : fmt("Warnings (%zu)", p.warnings.size()));
    L.font(9.5);
    double wy = L.y + 17 + lh;
    if (p.warnings.empty()) L.text_at(x0 + 10, wy, "No safety limit, staging, shortfall or geometry warning for this plan.");
    for (std::size_t k = 0; k < shown; ++k, wy += lh) L.text_at(x0 + 10, wy, lines[k]);
    if (cut) {
      L.font(9.5, true, kWarn);
      L.text_at(x0 + 10, wy, "... continued under \"All warnings\" on a later page.");
    }
    L.y += boxh + 8;
    if (cut) {
      // The rest after the disclaimer (drawn below on a later page).
    }
  }

  // The disclaimer in full, at the foot of page 1; the front views above it if they fit.
  {
    L.font(8.5);
    const auto lines = L.wrap(report_disclaimer(), W - 20);
    const double dh = 22 + 11 * static_cast<double>(lines.size());
    std::vector<std::size_t> front;
    for (std::size_t i = 0; i < images.size() && front.size() < 2; ++i)
      if (!images[i].png.empty() && images[i].title.rfind("Front", 0) == 0) front.push_back(i);
    const double room = L.bottom() - dh - 8 - L.y;
    if (!front.empty() && room > 120) image_row(L, images, front, (W - gap) / 2, room - 48);
    const double dy = std::max(L.y, L.bottom() - dh);
    L.box(x0, dy, W, dh, {1, 1, 1}, kInk, 1.2);
    L.font(9.5, true);
    L.text_at(x0 + 10, dy + 14, "Disclaimer");
    L.font(8.5);
    double yy = dy + 14 + 12;
    for (const auto& l : lines) {
      L.text_at(x0 + 10, yy, l);
      yy += 11;
    }
  }

  // --- Renders, three rows of two on a page.
  L.new_page();
  L.heading("Before and target");
  {
    std::vector<std::size_t> shown;
    for (std::size_t i = 0; i < images.size(); ++i)
      if (!images[i].png.empty()) shown.push_back(i);
    const double row_h = (L.bottom() - L.y) / 3;
    for (std::size_t k = 0; k < shown.size(); k += 2) {
      std::vector<std::size_t> row(shown.begin() + static_cast<std::ptrdiff_t>(k),
                                   shown.begin() + static_cast<std::ptrdiff_t>(std::min(k + 2, shown.size())));
      image_row(L, images, row, (W - gap) / 2, row_h - 50);
    }
    if (shown.empty()) L.paragraph(report.no_images_note, 10, x0, W);
  }

  // --- Profile plot, large.
  L.new_page();
  L.heading("Silhouette profile: before and target");
  {
    const double ph = std::min(520.0, L.remaining() - 40);
    profile_plot(L, p, Side::Right, x0, L.y + 4, (W - gap) / 2, ph);
    profile_plot(L, p, Side::Left, x0 + (W + gap) / 2, L.y + 4, (W - gap) / 2, ph);
    L.y += ph + 8;
    L.paragraph("Lateral half-width of the waist-to-thigh contour seen from the front; the patient's right is drawn on "
                "the left, mirrored, as in the front view. Horizontal and vertical scales differ.",
                8.5, x0, W, false, kMuted);
  }

  // --- Tables.
  L.heading("Landmarks (mm above the lowest point)");
  {
    const Landmarks& Lm = g.sides[0].landmarks.z;
    const Landmarks& Rm = g.sides[1].landmarks.z;
    const std::vector<Column> cols = {{W - 160}, {80, true}, {80, true}};
    std::vector<std::vector<std::string>> rows = {
        {"waist", fmt("%.0f", Rm.waist_z_mm), fmt("%.0f", Lm.waist_z_mm)},
        {"iliac crest (upper end of the dip window)", fmt("%.0f", Rm.iliac_z_mm), fmt("%.0f", Lm.iliac_z_mm)},
        {"dip", fmt("%.0f", Rm.dip_z_mm), fmt("%.0f", Lm.dip_z_mm)},
        {"trochanter (lower end of the dip window)", fmt("%.0f", Rm.trochanter_z_mm), fmt("%.0f", Lm.trochanter_z_mm)},
        {"thigh", fmt("%.0f", Rm.thigh_z_mm), fmt("%.0f", Lm.thigh_z_mm)},
        {"dip depth at full correction, mm", fmt("%.1f", g.sides[1].landmarks.dip_depth_mm),
         fmt("%.1f", g.sides[0].landmarks.dip_depth_mm)},
        {"landmarks", g.sides[1].landmarks.estimated ? "estimated" : "detected",
         g.sides[0].landmarks.estimated ? "estimated" : "detected"}};
    L.table(cols, {"", "right", "left"}, rows);
  }
  L.heading("Volumes per region (mL)");
  {
    const std::vector<Column> cols = {{90}, {45}, {70, true}, {55, true}, {60, true}, {55, true}, {70, true}, {W - 445, true}};
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < gp.regions.size(); ++i) {
      const RegionGraftPlan& r = gp.regions[i];
      const RegionVolume* rv = i < g.regions.size() ? &g.regions[i] : nullptr;
      rows.push_back({r.name, side_name(r.side), rv ? fmt("%.0f\u2013%.0f", rv->region.z_lo_mm, rv->region.z_hi_mm) : "",
                      ml1(r.fill_ml), rv ? ml1(rv->section_ml) : "", ml1(r.inject_ml), range_text(r.inject_range),
                      ml1(r.aspirate_ml)});
    }
    rows.push_back({"both sides", "", "", ml1(gp.fill_ml), ml1(g.sides[0].fill_section_ml + g.sides[1].fill_section_ml),
                    ml1(gp.inject_ml), range_text(gp.inject_range), ml1(gp.aspirate_ml)});
    L.table(cols, {"region", "side", "heights, mm", "fill", "method B", "inject", "needed", "aspirate"}, rows);
    for (int band = 0; band < 2; ++band) {
      const double r = band == 0 ? gp.resorption_low : gp.resorption_high;
      const double total = gp.inject_ml * (1 - r);
      auto side_text = [&](const SideGraftPlan& s) {
        const GraftOutcomeBand& b = s.outcome;
        return band == 0 ? fmt("%.1f (%+.0f %%)", b.retained_low_resorption_ml, b.correction_low_resorption_pct)
                         : fmt("%.1f (%+.0f %%)", b.retained_high_resorption_ml, b.correction_high_resorption_pct);
      };
      L.paragraph(fmt("Retained if %.0f %% resorbs: right %s, left %s, both %.1f mL (vs the deficit).", 100 * r,
                      side_text(gp.right).c_str(), side_text(gp.left).c_str(), total),
                  9, x0, W);
    }
  }
  L.heading("Sessions and donor split");
  if (gp.sessions.empty()) {
    L.paragraph("Nothing to inject.", 10, x0, W);
  } else {
    const std::vector<Column> cols = {{45}, {60, true}, {60, true}, {95, true}, {95, true}, {W - 355}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : gp.sessions) {
      std::string donors;
      for (const auto& d : s.donors.sites)
        if (d.aspirate_ml > 0) donors += (donors.empty() ? "" : ", ") + d.site + fmt(" %.0f", d.aspirate_ml);
      if (s.donors.shortfall_ml > 0) donors += fmt("; short by %.0f", s.donors.shortfall_ml);
      rows.push_back({std::to_string(s.session), ml1(s.inject_right_ml), ml1(s.inject_left_ml),
                      ml1(s.inject_ml) + (std::abs(s.inject_range.high_ml - s.inject_range.low_ml) < 0.05 ? "" : " (" + range_text(s.inject_range) + ")"),
                      ml1(s.aspirate_ml), donors});
    }
    L.table(cols, {"session", "right", "left", "inject", "aspirate", "donor sites (mL raw aspirate)"}, rows);
  }
  {
    const std::vector<Column> cols = {{140}, {60}, {50, true}, {80, true}, {W - 330, true}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& d : gp.donors)
      rows.push_back({d.site, side_name(d.side, "midline"), std::to_string(d.priority),
                      ml1(d.aspirate_ml), ml1(d.capacity_ml)});
    L.table(cols, {"donor site", "side", "priority", "aspirate, mL", "capacity, mL"}, rows);
    L.paragraph("Donor capacities: " + gp.donor_source + ".", 8.5, x0, W, false, kMuted);
  }
  if (!p.warnings.empty()) {
    L.heading("All warnings");
    for (const auto& w : p.warnings) L.paragraph("\u2022 " + w, 9.5, x0, W);
  }

  // --- Method, assumptions, parameters, provenance.
  L.new_page();
  L.heading("Method");
  int n = 1;
  for (const auto& [title, text] : report_method_steps(opt)) {
    L.paragraph(fmt("%d. ", n++) + title + ". " + text, 9.5, x0, W);
    L.y += 3;
  }
  L.heading("Assumptions");
  for (const auto& a : report_assumptions(gp)) L.paragraph("\u2022 " + a, 9.5, x0, W);
  L.heading("Provenance");
  {
    const ReportProvenance& pv = report.provenance;
    const std::vector<Column> cols = {{110}, {W - 110}};
    L.table(cols, {"", ""},
            {{"Report made", or_not_given(pv.report_date)},
             {"Scan file", or_not_given(pv.scan_path)},
             {"Scan SHA-256", or_not_given(pv.scan_sha256)},
             {"Software", or_not_given(pv.software_version)}},
            9);
    L.paragraph(fmt("Every setting the plan used (%zu):", pv.settings.size()), 9, x0, W, true);
    // Two columns of small lines: wide enough for the longest key and its value (three columns
    // cut values off with an ellipsis). A line still too wide is set smaller, not cut.
    const double cw = W / 2;
    const double lh = 9.5;
    std::size_t i = 0;
    while (i < pv.settings.size()) {
      L.need(lh * 4);
      const std::size_t per_col = static_cast<std::size_t>(std::max(1.0, std::floor((L.remaining() - 4) / lh)));
      for (int c = 0; c < 2 && i < pv.settings.size(); ++c) {
        double yy = L.y + lh;
        for (std::size_t k = 0; k < per_col && i < pv.settings.size(); ++k, ++i, yy += lh) {
          double size = 6.8;
          L.font(size);
          std::string line = pv.settings[i].first + " = " + pv.settings[i].second;
          while (size > 4.6 && L.text_width(line) > cw - 6) L.font(size -= 0.2);
          while (line.size() > 8 && L.text_width(line) > cw - 6) line = line.substr(0, line.size() - 4) + "\u2026";
          L.text_at(x0 + c * cw, yy, line);
        }
      }
      L.y = std::min(L.bottom(), L.y + lh * static_cast<double>(std::min(per_col, pv.settings.size())) + 4);
      if (i < pv.settings.size()) L.new_page();
    }
  }
}

}  // namespace

std::string format_pdf_report(const PlanResult& p, const PlanOptions& options, const std::vector<ReportImage>& images,
                              const PdfReportOptions& report) {
  const double pw = report.paper == PaperSize::a4 ? 595.276 : 612.0;
  const double ph = report.paper == PaperSize::a4 ? 841.890 : 792.0;
  const PatientIdentity& id = report.patient;
  const std::string who = patient_line(id);
  const std::string header_left = report.title + " \u2014 " + who;
  const std::string header_right = "report " + (report.provenance.report_date.empty() ? std::string("undated") : report.provenance.report_date);
  // The pointer to the disclaimer first: a long scan name is what gets cut if the line is full.
  const std::string footer_left =
      "Planning aid, see the disclaimer on page 1 \u00b7 " +
      (report.provenance.software_version.empty() ? std::string("libcontour") : report.provenance.software_version) +
      " \u00b7 scan " + (report.provenance.scan_file_name.empty() ? p.scan.info.path : report.provenance.scan_file_name) +
      (report.provenance.scan_sha256.empty() ? std::string() : " sha256 " + report.provenance.scan_sha256.substr(0, 12));

  auto render = [&](int total_pages, std::string& out) {
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(write_to_string, &out, pw, ph);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, (report.title + " \u2014 " + who).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   report.provenance.software_version.empty() ? "libcontour"
                                                                              : report.provenance.software_version.c_str());
    cairo_t* cr = cairo_create(surface);
    int pages = 0;
    {
      Layout layout(cr, pw, ph, header_left, header_right, footer_left, total_pages);
      draw_report(layout, p, options, images, report);
      pages = layout.pages();
    }
    cairo_show_page(cr);
    const cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t sstatus = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS || sstatus != CAIRO_STATUS_SUCCESS)
      throw InternalError(std::string("PDF report: cairo failed: ") +
                          cairo_status_to_string(status != CAIRO_STATUS_SUCCESS ? status : sstatus));
    return pages;
  };
  std::string counting;
  const int pages = render(0, counting);
  std::string out;
  render(pages, out);
  return out;
}

}  // namespace contour
