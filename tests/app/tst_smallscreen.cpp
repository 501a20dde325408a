// A 1366 × 768 screen: the main window (every tab, with results shown) and
// the agents window (with results) need no more room than the screen gives
// a window (about 1366 × 700 once the title bar and a panel are taken), so
// no control is clipped; and the agents window opens no larger than that.
#include <QScreen>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "agentsview.h"
#include "analysisfixture.h"
#include "mainwindow.h"
#include "testutil.h"

using sharelens::app::AgentsView;
using sharelens::app::MainWindow;

namespace {

constexpr int kWidth = 1366;
constexpr int kHeight = 700; // 768 less a title bar and a panel

QString sizeText(const QSize& s) { return QStringLiteral("%1 x %2").arg(s.width()).arg(s.height()); }

} // namespace

class TestSmallScreen : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void mainWindowFits();
    void agentsWindowFits();

private:
    QTemporaryDir m_tmp;
};

void TestSmallScreen::initTestCase() {
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_tmp.isValid());
}

void TestSmallScreen::mainWindowFits() {
    QString model, text;
    QVERIFY(analysisfixture::makeModelAndText(m_tmp, &model, &text));
    MainWindow w;
    QVERIFY(analysisfixture::openAndAnalyse(w, model, text, false));
    w.analysisView()->setThreshold(0.5);
    QTabWidget* tabs = w.modelTabs();
    // What each page needs (a tab widget needs the most of its pages).
    QStringList pages;
    for (int t = 0; t < tabs->count(); ++t)
        pages << QStringLiteral("%1: %2").arg(tabs->tabText(t), sizeText(tabs->widget(t)->minimumSizeHint()));
    for (int t = 0; t < tabs->count(); ++t) {
        tabs->setCurrentIndex(t);
        QApplication::processEvents();
        const QSize need = w.minimumSizeHint().expandedTo(w.minimumSize());
        QVERIFY2(need.width() <= kWidth && need.height() <= kHeight,
                 qPrintable(QStringLiteral("tab %1 needs %2 (%3)")
                                .arg(tabs->tabText(t), sizeText(need), pages.join(QStringLiteral(", ")))));
    }
    // At that size the window takes it (nothing forces it larger).
    w.resize(kWidth, kHeight);
    QTRY_COMPARE(w.size(), QSize(kWidth, kHeight));
}

void TestSmallScreen::agentsWindowFits() {
    QString base, copy, other;
    QVERIFY(testutil::makeAgentTrio(m_tmp.path(), 4, &base, &copy, &other));
    MainWindow w;
    AgentsView* v = w.agentsView();
    const QSize available = v->screen()->availableSize();
    QVERIFY2(v->width() <= std::max(kWidth, available.width()) && v->height() <= std::max(kHeight, available.height()),
             qPrintable(sizeText(v->size())));
    v->show();
    QVERIFY(QTest::qWaitForWindowExposed(v));
    v->addAgent(base);
    v->addAgent(copy);
    v->addAgent(other);
    v->setSequenceLength(32);
    v->setSequenceCount(8);
    QSignalSpy finished(v, &AgentsView::analysisFinished);
    v->analyze();
    QVERIFY(finished.wait(60000) || !finished.isEmpty());
    for (int t = 0; t < 3; ++t) {
        v->showTab(t);
        QApplication::processEvents();
        const QSize need = v->minimumSizeHint().expandedTo(v->minimumSize());
        auto* tabs = v->findChild<QTabWidget*>(QStringLiteral("agentsTabs"));
        QStringList pages;
        for (int p = 0; tabs && p < tabs->count(); ++p)
            pages << QStringLiteral("%1: %2").arg(p).arg(sizeText(tabs->widget(p)->minimumSizeHint()));
        QVERIFY2(need.width() <= kWidth && need.height() <= kHeight,
                 qPrintable(QStringLiteral("agents tab %1 needs %2 (%3)")
                                .arg(t)
                                .arg(sizeText(need), pages.join(QStringLiteral(", ")))));
    }
}

QTEST_MAIN(TestSmallScreen)
#include "tst_smallscreen.moc"
