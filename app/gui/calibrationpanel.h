#pragma once

#include <QGroupBox>
#include <QString>
#include <QWidget>

#include "sharelens/analysis.h"

class QButtonGroup;
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
// built-in sample or a file) or, where the view offers them, pre-tokenized
// ids (a JSON array of sequences, as `sharelens-cli analyze --token-ids`
// reads), the sequence length and count, and the similarity metric. A view
// adds its own rows through form(). Object names (used by tests):
// builtinTextRadio, fileTextRadio, calibrationFile, tokenIdsRadio,
// tokenIdsFile, tokenizerNote, sequenceLength, sequenceCount, metricBox.
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

    // Token ids as a source (hidden until offered: the agents view does not).
    void offerTokenIds();
    void setTokenIdsFile(const QString& path);
    bool usesTokenIds() const;
    // The id file (trimmed) when "Token ids" is chosen, else empty. When it
    // is chosen but empty, tells the user (a message box over `parent`).
    QString tokenIdsFile() const;
    QString resolveTokenIdsPath(QWidget* parent) const;
    // Whether the model can tokenize text. Without a tokenizer the text
    // sources are disabled, token ids are chosen and a note says why.
    void setTokenizerAvailable(bool available);
    bool tokenizerAvailable() const { return m_tokenizerAvailable; }

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
    void chooseTokenIds();
    void buildTokenIdRows(QButtonGroup* sourceGroup);
    void updateSourceRows();

    QFormLayout* m_form = nullptr;
    QRadioButton* m_builtinText = nullptr;
    QRadioButton* m_fileText = nullptr;
    QLineEdit* m_filePath = nullptr;
    QPushButton* m_browse = nullptr;
    QRadioButton* m_tokenIds = nullptr;
    QLineEdit* m_idsPath = nullptr;
    QPushButton* m_idsBrowse = nullptr;
    QWidget* m_idsRow = nullptr;
    QLabel* m_tokenizerNote = nullptr;
    bool m_tokenIdsOffered = false;
    bool m_tokenizerAvailable = true;
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
