#include "calibrationpanel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

#include "analysisjob.h"
#include "paths.h"

namespace sharelens::app {

CalibrationPanel::CalibrationPanel(QWidget* parent) : QGroupBox(tr("Calibration"), parent) {
    m_form = new QFormLayout(this);
    m_builtinText = new QRadioButton(tr("Built-in sample text"));
    m_builtinText->setObjectName(QStringLiteral("builtinTextRadio"));
    m_fileText = new QRadioButton(tr("Text file:"));
    m_fileText->setObjectName(QStringLiteral("fileTextRadio"));
    auto* sourceGroup = new QButtonGroup(this);
    sourceGroup->addButton(m_builtinText);
    sourceGroup->addButton(m_fileText);
    m_builtinText->setChecked(true);
    m_filePath = new QLineEdit;
    m_filePath->setObjectName(QStringLiteral("calibrationFile"));
    m_filePath->setPlaceholderText(tr("Plain text (UTF-8)"));
    m_browse = new QPushButton(tr("Browse…"));
    connect(m_browse, &QPushButton::clicked, this, &CalibrationPanel::chooseFile);
    connect(m_filePath, &QLineEdit::textEdited, this, [this] { m_fileText->setChecked(true); });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_filePath, 1);
    fileRow->addWidget(m_browse);
    m_form->addRow(m_builtinText);
    m_form->addRow(m_fileText);
    m_form->addRow(fileRow);
    buildTokenIdRows(sourceGroup);
    m_seqLen = new QSpinBox;
    m_seqLen->setObjectName(QStringLiteral("sequenceLength"));
    m_seqLen->setRange(2, 1 << 20);
    m_seqLen->setValue(128);
    m_seqLen->setSuffix(tr(" tokens"));
    m_form->addRow(tr("Sequence length:"), m_seqLen);
    m_seqCount = new QSpinBox;
    m_seqCount->setObjectName(QStringLiteral("sequenceCount"));
    m_seqCount->setRange(1, 1 << 20);
    m_seqCount->setValue(64);
    m_form->addRow(tr("Sequences:"), m_seqCount);
    m_metric = new QComboBox;
    m_metric->setObjectName(QStringLiteral("metricBox"));
    m_metric->addItem(tr("Pearson correlation"), int(Metric::Pearson));
    m_metric->addItem(tr("Cosine similarity"), int(Metric::Cosine));
    m_metric->addItem(tr("Linear CKA"), int(Metric::Cka));
    m_form->addRow(tr("Metric:"), m_metric);
    updateSourceRows();
}

// "Token ids (JSON):" with its file row and the note shown when the model
// has no tokenizer; hidden until a view offers token ids.
void CalibrationPanel::buildTokenIdRows(QButtonGroup* sourceGroup) {
    m_tokenIds = new QRadioButton(tr("Token ids (JSON):"));
    m_tokenIds->setObjectName(QStringLiteral("tokenIdsRadio"));
    m_tokenIds->setToolTip(tr("Pre-tokenized calibration data: a JSON array of sequences of token ids, "
                              "e.g. [[15, 7, 99], [3, 4]]. Each sequence is used as it is."));
    sourceGroup->addButton(m_tokenIds);
    m_idsPath = new QLineEdit;
    m_idsPath->setObjectName(QStringLiteral("tokenIdsFile"));
    m_idsPath->setPlaceholderText(tr("JSON array of token-id sequences"));
    m_idsBrowse = new QPushButton(tr("Browse…"));
    connect(m_idsBrowse, &QPushButton::clicked, this, &CalibrationPanel::chooseTokenIds);
    connect(m_idsPath, &QLineEdit::textEdited, this, [this] { m_tokenIds->setChecked(true); });
    m_idsRow = new QWidget;
    auto* idsRow = new QHBoxLayout(m_idsRow);
    idsRow->setContentsMargins(0, 0, 0, 0);
    idsRow->addWidget(m_idsPath, 1);
    idsRow->addWidget(m_idsBrowse);
    // Short enough for one line (a wrapped label in a form row gets clipped).
    m_tokenizerNote = new QLabel(tr("No tokenizer: token ids needed."));
    m_tokenizerNote->setObjectName(QStringLiteral("tokenizerNote"));
    m_tokenizerNote->setToolTip(tr("This model has no tokenizer: calibrate it with token ids."));
    m_form->addRow(m_tokenIds);
    m_form->addRow(m_idsRow);
    m_form->addRow(m_tokenizerNote);
    connect(m_tokenIds, &QRadioButton::toggled, this, &CalibrationPanel::updateSourceRows);
}

void CalibrationPanel::updateSourceRows() {
    m_tokenIds->setVisible(m_tokenIdsOffered);
    m_idsRow->setVisible(m_tokenIdsOffered);
    m_tokenizerNote->setVisible(m_tokenIdsOffered && !m_tokenizerAvailable);
    for (QWidget* w : {static_cast<QWidget*>(m_builtinText), static_cast<QWidget*>(m_fileText),
                       static_cast<QWidget*>(m_filePath), static_cast<QWidget*>(m_browse)})
        w->setEnabled(m_tokenizerAvailable || !m_tokenIdsOffered);
    // Token-id sequences are used as they are: no length to cut them to.
    m_seqLen->setEnabled(!usesTokenIds());
}

void CalibrationPanel::offerTokenIds() {
    m_tokenIdsOffered = true;
    updateSourceRows();
}

void CalibrationPanel::setTokenIdsFile(const QString& path) {
    m_idsPath->setText(path);
    if (!path.isEmpty()) m_tokenIds->setChecked(true);
    updateSourceRows();
}

bool CalibrationPanel::usesTokenIds() const { return m_tokenIdsOffered && m_tokenIds->isChecked(); }

QString CalibrationPanel::tokenIdsFile() const { return usesTokenIds() ? m_idsPath->text().trimmed() : QString(); }

QString CalibrationPanel::resolveTokenIdsPath(QWidget* parent) const {
    const QString path = tokenIdsFile();
    if (path.isEmpty())
        QMessageBox::information(parent, tr("Choose token ids"),
                                 m_tokenizerAvailable
                                     ? tr("Choose a token-id file (a JSON array of sequences), or calibrate on text.")
                                     : tr("This model has no tokenizer, so it cannot read text. Choose a token-id "
                                          "file: a JSON array of sequences of ids, e.g. [[15, 7, 99], [3, 4]]."));
    return path;
}

void CalibrationPanel::setTokenizerAvailable(bool available) {
    m_tokenizerAvailable = available;
    if (!available && m_tokenIdsOffered)
        m_tokenIds->setChecked(true);
    else if (available && usesTokenIds() && m_idsPath->text().trimmed().isEmpty())
        (m_filePath->text().trimmed().isEmpty() ? m_builtinText : m_fileText)->setChecked(true);
    updateSourceRows();
}

void CalibrationPanel::setTextFile(const QString& path) {
    m_filePath->setText(path);
    // A model without a tokenizer stays on token ids.
    if (m_tokenIdsOffered && !m_tokenizerAvailable) return;
    (path.isEmpty() ? m_builtinText : m_fileText)->setChecked(true);
}

bool CalibrationPanel::usesFile() const { return m_fileText->isChecked(); }

QString CalibrationPanel::textFile() const { return usesFile() ? m_filePath->text().trimmed() : QString(); }

QString CalibrationPanel::resolveTextPath(QWidget* parent) const {
    if (usesFile()) {
        const QString path = textFile();
        if (path.isEmpty())
            QMessageBox::information(parent, tr("Choose a text"),
                                     tr("Choose a calibration text file, or use the built-in sample text."));
        return path;
    }
    const QString path = builtinCalibrationText();
    if (path.isEmpty())
        QMessageBox::warning(parent, tr("No sample text"),
                             tr("The built-in calibration text was not found. Reinstall ShareLens or "
                                "choose a text file."));
    return path;
}

int CalibrationPanel::sequenceLength() const { return m_seqLen->value(); }
void CalibrationPanel::setSequenceLength(int tokens) { m_seqLen->setValue(tokens); }
void CalibrationPanel::setMaximumSequenceLength(int tokens) { m_seqLen->setMaximum(tokens); }
int CalibrationPanel::sequenceCount() const { return m_seqCount->value(); }
void CalibrationPanel::setSequenceCount(int sequences) { m_seqCount->setValue(sequences); }

Metric CalibrationPanel::metric() const { return static_cast<Metric>(m_metric->currentData().toInt()); }

void CalibrationPanel::setMetric(Metric metric) {
    const int i = m_metric->findData(int(metric));
    if (i >= 0) m_metric->setCurrentIndex(i);
}

void CalibrationPanel::chooseTokenIds() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose Token Ids"), m_idsPath->text(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (!path.isEmpty()) setTokenIdsFile(path);
}

void CalibrationPanel::chooseFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose Calibration Text"), m_filePath->text(),
                                                      tr("Text files (*.txt);;All files (*)"));
    if (!path.isEmpty()) setTextFile(path);
}

RunControls::RunControls(const Names& names, QWidget* parent) : QWidget(parent) {
    auto* bl = new QVBoxLayout(this);
    bl->setContentsMargins(0, 0, 0, 0);
    auto* run = new QHBoxLayout;
    m_analyze = new QPushButton(tr("Analyze"));
    m_analyze->setObjectName(names.analyze);
    m_analyze->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(names.cancel);
    m_cancel->setEnabled(false);
    run->addWidget(m_analyze);
    run->addWidget(m_cancel);
    bl->addLayout(run);
    m_progress = new QProgressBar;
    m_progress->setObjectName(names.progress);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_stage = new QLabel;
    if (!names.stage.isEmpty()) m_stage->setObjectName(names.stage);
    m_stage->setWordWrap(true);
    m_stage->hide();
    bl->addWidget(m_progress);
    bl->addWidget(m_stage);
}

void RunControls::setRunning(bool running) {
    m_progress->setVisible(running);
    m_stage->setVisible(running);
    m_cancel->setEnabled(running);
    if (running) {
        m_progress->setValue(0);
        m_stage->setText(tr("Starting…"));
    }
}

void RunControls::showProgress(const AnalysisProgress& p) {
    QString text = tr("Step %1 of %2: %3").arg(p.stageIndex).arg(p.stageCount).arg(p.stage);
    if (p.secondsLeft >= 0) {
        const int s = static_cast<int>(std::ceil(p.secondsLeft));
        text +=
            QLatin1Char('\n') + (s < 60 ? tr("About %1 s left").arg(s) : tr("About %1 min left").arg((s + 59) / 60));
    }
    showStage(text, p.fraction);
}

void RunControls::showStage(const QString& text, double fraction) {
    m_progress->setValue(static_cast<int>(fraction * 1000));
    m_stage->setText(text);
}

void RunControls::setStageText(const QString& text) { m_stage->setText(text); }

} // namespace sharelens::app
