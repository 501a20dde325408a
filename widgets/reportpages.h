// The reports' page layout: number formats, fonts, a simple table, and Pages,
// which paints onto the PDF with a cursor moving down the page. Included by
// report.cpp and report_agents.cpp only (hence the unnamed namespace), with
// the reports' tr().
#pragma once

#include "colormap.h"

#include <sharelens/session.h>

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

namespace sharelens::widgets {
namespace {

// The context lupdate gives tr() calls in namespace sharelens::widgets (the
// translations are filed under it).
QString tr(const char* text) { return QCoreApplication::translate("sharelens::widgets", text); }

// Numbers and names as the reports write them.
inline QString q(const std::string& s) { return QString::fromStdString(s); }

inline const QLocale& numberLocale() {
    static const QLocale l(QLocale::English, QLocale::UnitedStates); // 2,445,056 and 3.1416 everywhere
    return l;
}
inline QString integer(int64_t v) { return numberLocale().toString(qlonglong(v)); }
inline QString fixed(double v, int decimals) {
    if (!std::isfinite(v))
        return std::isnan(v) ? QStringLiteral("NaN") : (v > 0 ? QStringLiteral("∞") : QStringLiteral("−∞"));
    return numberLocale().toString(v, 'f', decimals);
}
inline QString bytesText(uint64_t b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(b);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return numberLocale().toString(v, 'f', u ? 1 : 0) + QLatin1Char(' ') + QLatin1String(units[u]);
}
// The engine's metricName()/unitKindName() live in the LibTorch library,
// which widgets/ does not link; the same identifiers, spelled here.
inline QString metricId(Metric m) {
    switch (m) {
    case Metric::Pearson: return QStringLiteral("pearson");
    case Metric::Cosine: return QStringLiteral("cosine");
    case Metric::Cka: return QStringLiteral("cka");
    }
    return {};
}

struct Fonts {
    QFont title, heading, subheading, body, small, tableHeader, footer;
};

Fonts makeFonts() {
    QFont base;
    base.setFamilies({QStringLiteral("DejaVu Sans"), QStringLiteral("Liberation Sans"), QStringLiteral("Arial")});
    auto f = [&](double pt, bool bold = false) {
        QFont x(base);
        x.setPointSizeF(pt);
        x.setBold(bold);
        return x;
    };
    return {f(20, true), f(13, true), f(10, true), f(9), f(8), f(8, true), f(7)};
}

struct Table {
    QStringList headers;
    std::vector<QStringList> rows;
    std::vector<double> widths;       // fractions of the width, summing to 1
    std::vector<Qt::Alignment> align; // per column
    int boldFrom = -1;                // rows from here on are bold (totals)
};

const QColor kInk(0x22, 0x22, 0x22);
const QColor kMuted(0x66, 0x66, 0x66);
const QColor kRule(0xbb, 0xbb, 0xbb);
// The methods' colours, as everywhere (colormap.h: methodColor).
const QColor kBaseline = methodColor(QStringLiteral("baseline"));
const QColor kShared = methodColor(QStringLiteral("shared"));

// Paints onto the PDF with a cursor that moves down the page and opens a new
// page (with its footer) when the next block does not fit.
class Pages {
public:
    Pages(QPdfWriter& writer, QPainter& painter, Fonts fonts, QString footer)
        : m_writer(writer), m_p(painter), m_fonts(std::move(fonts)), m_footer(std::move(footer)) {
        const QSizeF page = writer.pageLayout().fullRect(QPageLayout::Point).size();
        m_content = QRectF(QPointF(kMargin, kMargin), QPointF(page.width() - kMargin, page.height() - kMargin - 14));
        m_y = m_content.top();
        drawFooter();
    }

    const Fonts& fonts() const { return m_fonts; }
    QPainter& painter() { return m_p; }
    const QRectF& content() const { return m_content; }
    double y() const { return m_y; }
    double remaining() const { return m_content.bottom() - m_y; }
    int page() const { return m_page; }
    void skip(double h) { m_y += h; }

    void newPage() {
        if (!m_writer.newPage()) throw std::runtime_error("the PDF writer could not start a new page");
        ++m_page;
        m_y = m_content.top();
        drawFooter();
    }
    void ensure(double h) {
        // Half a point of slack: figures sized to the space left must not
        // spill onto a new page by a rounding error.
        if (m_y > m_content.top() && m_y + h > m_content.bottom() + 0.5) newPage();
    }

    double textHeight(const QFont& font, const QString& text, double width) const {
        const QFontMetricsF fm(font, &m_writer);
        return fm.boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap | Qt::AlignLeft, text).height();
    }

    void text(const QString& t, const QFont& font, const QColor& color = kInk, double after = 4) {
        const double h = textHeight(font, t, m_content.width());
        ensure(h);
        m_p.setFont(font);
        m_p.setPen(color);
        m_p.drawText(QRectF(m_content.left(), m_y, m_content.width(), h), Qt::TextWordWrap | Qt::AlignLeft, t);
        m_y += h + after;
    }

    void heading(const QString& t) {
        ensure(60); // never a heading alone at the bottom of a page
        if (m_y > m_content.top()) m_y += 8;
        text(t, m_fonts.heading, kInk, 2);
        m_p.setPen(QPen(kRule, 0.6));
        m_p.drawLine(QPointF(m_content.left(), m_y), QPointF(m_content.right(), m_y));
        m_y += 6;
    }

    // Two columns: a key and a wrapped value.
    void keyValues(const std::vector<std::pair<QString, QString>>& rows) {
        const double keyW = 140, gap = 8, valueW = m_content.width() - keyW - gap;
        for (const auto& [k, v] : rows) {
            const double h = std::max(textHeight(m_fonts.body, k, keyW), textHeight(m_fonts.body, v, valueW));
            ensure(h);
            m_p.setFont(m_fonts.body);
            m_p.setPen(kMuted);
            m_p.drawText(QRectF(m_content.left(), m_y, keyW, h), Qt::TextWordWrap | Qt::AlignLeft, k);
            m_p.setPen(kInk);
            m_p.drawText(QRectF(m_content.left() + keyW + gap, m_y, valueW, h), Qt::TextWordWrap | Qt::AlignLeft, v);
            m_y += h + 2;
        }
    }

    void table(const Table& t) {
        const double pad = 3;
        std::vector<double> xs{m_content.left()};
        for (double w : t.widths) xs.push_back(xs.back() + w * m_content.width());
        auto rowHeight = [&](const QStringList& cells, const QFont& font) {
            double h = 0;
            for (int c = 0; c < cells.size() && c + 1 < int(xs.size()); ++c)
                h = std::max(h, textHeight(font, cells[c], xs[c + 1] - xs[c] - 2 * pad));
            return h + 2 * pad;
        };
        auto drawRow = [&](const QStringList& cells, const QFont& font, double h) {
            m_p.setFont(font);
            m_p.setPen(kInk);
            for (int c = 0; c < cells.size() && c + 1 < int(xs.size()); ++c) {
                const Qt::Alignment al = c < int(t.align.size()) ? t.align[c] : Qt::AlignLeft;
                m_p.drawText(QRectF(xs[c] + pad, m_y + pad, xs[c + 1] - xs[c] - 2 * pad, h - 2 * pad),
                             Qt::TextWordWrap | al | Qt::AlignTop, cells[c]);
            }
        };
        auto header = [&]() {
            const double h = rowHeight(t.headers, m_fonts.tableHeader);
            m_p.fillRect(QRectF(m_content.left(), m_y, m_content.width(), h), QColor(0xee, 0xee, 0xee));
            drawRow(t.headers, m_fonts.tableHeader, h);
            m_y += h;
            m_p.setPen(QPen(kInk, 0.6));
            m_p.drawLine(QPointF(m_content.left(), m_y), QPointF(m_content.right(), m_y));
        };
        ensure(rowHeight(t.headers, m_fonts.tableHeader) + (t.rows.empty() ? 0 : rowHeight(t.rows[0], m_fonts.small)));
        header();
        for (size_t r = 0; r < t.rows.size(); ++r) {
            const QFont& font = t.boldFrom >= 0 && int(r) >= t.boldFrom ? m_fonts.tableHeader : m_fonts.small;
            const double h = rowHeight(t.rows[r], font);
            if (m_y + h > m_content.bottom()) {
                newPage();
                text(tr("(continued)"), m_fonts.small, kMuted, 2);
                header();
            }
            if (int(r) == t.boldFrom) {
                m_p.setPen(QPen(kInk, 0.6));
                m_p.drawLine(QPointF(m_content.left(), m_y), QPointF(m_content.right(), m_y));
            }
            drawRow(t.rows[r], font, h);
            m_y += h;
            m_p.setPen(QPen(kRule, 0.3));
            m_p.drawLine(QPointF(m_content.left(), m_y), QPointF(m_content.right(), m_y));
        }
        m_y += 6;
    }

    // A figure of height h across the content width.
    void figure(double h, const std::function<void(QPainter&, const QRectF&)>& paint) {
        ensure(h);
        const QRectF r(m_content.left(), m_y, m_content.width(), h);
        m_p.save();
        paint(m_p, r);
        m_p.restore();
        m_y += h;
    }

private:
    void drawFooter() {
        const double y = m_content.bottom() + 8;
        m_p.save();
        m_p.setFont(m_fonts.footer);
        m_p.setPen(kMuted);
        const QRectF r(m_content.left(), y, m_content.width(), 12);
        m_p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, m_footer);
        m_p.drawText(r, Qt::AlignRight | Qt::AlignVCenter, tr("page %1").arg(m_page));
        m_p.restore();
    }

    static constexpr double kMargin = 48;
    QPdfWriter& m_writer;
    QPainter& m_p;
    Fonts m_fonts;
    QString m_footer;
    QRectF m_content;
    double m_y = 0;
    int m_page = 1;
};

} // namespace
} // namespace sharelens::widgets
