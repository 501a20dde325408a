#include "importancepanel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

#include "figures.h"
#include "importancestrip.h"

namespace sharelens::app {

ImportancePanel::ImportancePanel(QWidget* parent) : QWidget(parent) {
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    m_caption = new QLabel(tr("Importance:"));
    m_measure = new QComboBox;
    m_measure->setObjectName(QStringLiteral("importanceMeasure"));
    m_measure->setToolTip(tr("Block influence: 1 − mean cosine between the residual stream entering a block and "
                             "leaving it. Angular distance: mean angle between the streams n blocks apart, over "
                             "π, per start block (low: the span changes little). Leave-one-out: the loss with "
                             "the block removed."));
    m_export = new QToolButton;
    m_export->setObjectName(QStringLiteral("importanceExport"));
    m_export->setText(tr("Export"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_export);
    menu->addAction(tr("Importance Figure…"), this, [this] { exportInteractive(true); });
    menu->addAction(tr("Importance (CSV)…"), this, [this] { exportInteractive(false); });
    m_export->setMenu(menu);
    row->addWidget(m_caption);
    row->addWidget(m_measure, 1);
    row->addWidget(m_export);
    l->addLayout(row);
    m_strip = new widgets::ImportanceStrip;
    m_strip->setObjectName(QStringLiteral("importanceStrip"));
    l->addWidget(m_strip);
    connect(m_measure, &QComboBox::currentIndexChanged, this, [this] { showMeasure(); });
    setVisible(false);
}

void ImportancePanel::setImportance(const std::optional<ImportanceResult>& importance, const QString& subtitle) {
    const QString keep = m_measure->currentData().toString();
    m_importance = importance;
    m_subtitle = subtitle;
    {
        const QSignalBlocker block(m_measure);
        m_measure->clear();
        if (m_importance) {
            m_measure->addItem(tr("Block influence"), QStringLiteral("bi"));
            if (!m_importance->leaveOneOutLoss.empty())
                m_measure->addItem(tr("Leave-one-out loss"), QStringLiteral("loo"));
            for (size_t n = 1; n <= m_importance->angularDistance.size(); ++n)
                m_measure->addItem(tr("Angular distance, n = %1").arg(n), QStringLiteral("angular %1").arg(n));
        }
        const int i = m_measure->findData(keep);
        m_measure->setCurrentIndex(std::max(0, i));
    }
    setVisible(m_importance.has_value());
    showMeasure();
}

QStringList ImportancePanel::measures() const {
    QStringList out;
    for (int i = 0; i < m_measure->count(); ++i) out << m_measure->itemData(i).toString();
    return out;
}

void ImportancePanel::setMeasure(const QString& measure) {
    const int i = m_measure->findData(measure);
    if (i >= 0) m_measure->setCurrentIndex(i);
}

widgets::ImportanceStripData ImportancePanel::stripData(const QString& measure) const {
    widgets::ImportanceStripData d;
    if (!m_importance) return d;
    const auto& r = *m_importance;
    auto block = [](int l) { return tr("block %1").arg(l); };
    auto lowest = [](const std::vector<double>& v) {
        return v.empty() ? -1 : static_cast<int>(std::min_element(v.begin(), v.end()) - v.begin());
    };
    if (measure == QLatin1String("bi")) {
        d.title = tr("Block influence");
        d.valueLabel = tr("block influence");
        d.values = r.blockInfluence;
    } else if (measure == QLatin1String("loo")) {
        d.title = tr("Loss with the block removed");
        d.valueLabel = tr("loss");
        d.values = r.leaveOneOutLoss;
    } else if (measure.startsWith(QLatin1String("angular "))) {
        const int n = measure.section(QLatin1Char(' '), 1).toInt();
        if (n < 1 || n > static_cast<int>(r.angularDistance.size())) return d;
        d.title = tr("Angular distance of spans of %1 blocks").arg(n);
        d.valueLabel = tr("angular distance");
        d.values = r.angularDistance[size_t(n - 1)];
        for (int l = 0; l < static_cast<int>(d.values.size()); ++l)
            d.labels << (n == 1 ? block(l) : tr("blocks %1–%2").arg(l).arg(l + n - 1));
        d.marked = lowest(d.values);
        return d;
    }
    for (int l = 0; l < static_cast<int>(d.values.size()); ++l) d.labels << block(l);
    d.marked = lowest(d.values);
    return d;
}

void ImportancePanel::showMeasure() { m_strip->setData(stripData(m_measure->currentData().toString())); }

bool ImportancePanel::exportFigure(const QString& path, QString* error) const {
    if (!m_importance) {
        if (error) *error = tr("There is no importance to export; analyze with “Layer importance” on.");
        return false;
    }
    const auto data = stripData(m_measure->currentData().toString());
    const auto chart = widgets::importanceChart(data, m_subtitle, tr("Start block"));
    return widgets::exportFigure(
        path, QSizeF(480, 300), [&](QPainter& p, const QRectF& r) { widgets::paintLineChart(p, r, chart); }, error);
}

bool ImportancePanel::exportCsv(const QString& path, QString* error) const {
    if (!m_importance) {
        if (error) *error = tr("There is no importance to export; analyze with “Layer importance” on.");
        return false;
    }
    return widgets::saveFileAtomic(path, widgets::importanceCsv(stripData(m_measure->currentData().toString())), error);
}

std::vector<widgets::LineChartData> ImportancePanel::reportCharts() const {
    std::vector<widgets::LineChartData> out;
    if (!m_importance) return out;
    out.push_back(widgets::importanceChart(stripData(QStringLiteral("bi")), m_subtitle, tr("Block")));
    if (!m_importance->leaveOneOutLoss.empty())
        out.push_back(widgets::importanceChart(stripData(QStringLiteral("loo")), m_subtitle, tr("Block")));
    return out;
}

void ImportancePanel::exportInteractive(bool figure) {
    QString filter = figure ? tr("PNG image (*.png)") : tr("CSV (*.csv)");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Importance"), figure ? QStringLiteral("importance.png") : QStringLiteral("importance.csv"),
        figure ? tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)") : tr("CSV (*.csv)"), &filter);
    if (path.isEmpty()) return;
    QString error;
    if (!(figure ? exportFigure(path, &error) : exportCsv(path, &error)))
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace sharelens::app
