// GUI tests: the text of the modal message box an action leads to.
#pragma once

#include <QApplication>
#include <QMessageBox>
#include <QString>
#include <QTimer>
#include <QtTest>

#include <functional>

// Runs `trigger`, then reads and closes the modal message box it leads to
// (its informative text); "<no dialog>" when none appears before `done()`
// holds, within a minute.
inline QString readModalText(const std::function<void()>& trigger, const std::function<bool()>& done) {
    QString text;
    QTimer closer;
    QObject::connect(&closer, &QTimer::timeout, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            text = box->informativeText();
            box->accept();
        }
    });
    closer.start(20);
    trigger();
    if (!QTest::qWaitFor([&] { return done() && !text.isEmpty(); }, 60000)) return QStringLiteral("<no dialog>");
    return text;
}
