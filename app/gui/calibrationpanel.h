#pragma once

#include <QGroupBox>
#include <QString>
#include <QWidget>

#include "sharelens/analysis.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QFormLayout;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace sharelens::app {

// The "Calibration" box of the analysis and agents views: the text (the
// built-in sample or a file), the sequence length and count, and the
// similarity metric. A view adds its own rows through form(). Object names
// (used by tests): builtinTextRadio, fileTextRadio, calibrationFile,
// sequenceLength, sequenceCount, metricBox.
class CalibrationPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit CalibrationPanel(QWidget* parent = nullptr);

    // A file instead of the built-in sample (empty = the built-in sample).
    void setTextFile(const QString& path);
    bool usesFile() const;
    // The user's file (trimmed) when "Text file" is chosen, else empty.
    QString textFile() const;
    // The text to read: the user's file or the built-in sample. When there
    // is none, tells the user why (a message box over `parent`) and returns
    // an empty string.
    QString resolveTextPath(QWidget* parent) const;

    int sequenceLength() const;
    void setSequenceLength(int tokens);
    void setMaximumSequenceLength(int tokens);
    int sequenceCount() const;
    void setSequenceCount(int sequences);
    sharelens::Metric metric() const;
    void setMetric(sharelens::Metric metric);

    QFormLayout* form() const { return m_form; }

private:
    void chooseFile();

    QFormLayout* m_form = nullptr;
    QRadioButton* m_builtinText = nullptr;
    QRadioButton* m_fileText = nullptr;
    QLineEdit* m_filePath = nullptr;
    QPushButton* m_browse = nullptr;
    QSpinBox* m_seqLen = nullptr;
    QSpinBox* m_seqCount = nullptr;
    QComboBox* m_metric = nullptr;
};

struct AnalysisProgress;

// The Analyze and Cancel buttons with the progress bar and the stage line
// under them (hidden while nothing runs), shared by the analysis and agents
// views. Object names come from `names` (an empty name: none).
class RunControls : public QWidget {
    Q_OBJECT
public:
    struct Names {
        QString analyze, cancel, progress, stage;
    };
    explicit RunControls(const Names& names, QWidget* parent = nullptr);

    QPushButton* analyzeButton() const { return m_analyze; }
    QPushButton* cancelButton() const { return m_cancel; }
    // Shows or hides the progress and enables Cancel; a start reads "Starting…".
    void setRunning(bool running);
    // Step k of n, the stage and the time left.
    void showProgress(const AnalysisProgress& p);
    // Another job's stage line and fraction done.
    void showStage(const QString& text, double fraction);
    void setStageText(const QString& text);

private:
    QPushButton* m_analyze = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_stage = nullptr;
};

} // namespace sharelens::app
