#include "errortext.h"

#include <QCoreApplication>
#include <QStringList>

#include <new>

#include <sharelens/error.h>
#include <sharelens/outpath.h>

namespace sharelens::widgets {

namespace {

// %1 .. %9 replaced in one pass, so an argument that itself holds "%1" stays
// as it is (QString::arg would substitute into it).
QString fill(const QString& text, const QStringList& args) {
    QString out;
    out.reserve(text.size() + 64);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'%' && i + 1 < text.size() && text.at(i + 1) >= u'1' && text.at(i + 1) <= u'9') {
            const qsizetype k = text.at(i + 1).unicode() - u'1';
            if (k < args.size()) {
                out += args.at(k);
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace

QString errorText(const ErrorMessage& message) {
    QStringList args;
    for (const ErrorArg& a : message.args())
        args << (a.message ? errorText(*a.message) : QString::fromStdString(a.text));
    const QString text = QCoreApplication::translate("sharelens::Error", errorTemplate(message.code()));
    return fill(text, args);
}

QString errorText(const std::exception& e) {
    if (dynamic_cast<const std::bad_alloc*>(&e))
        return fill(QCoreApplication::translate("sharelens::Error", errorTemplate(ErrorCode::OutOfMemory)),
                    {QCoreApplication::translate("sharelens::widgets", "this task")});
    if (const auto* error = dynamic_cast<const Error*>(&e)) {
        const QString detail = errorText(error->message());
        return error->path().empty() ? detail : QString::fromStdString(error->path()) + QStringLiteral(": ") + detail;
    }
    return QString::fromStdString(e.what());
}

QString outputFileProblem(const QString& path) {
    try {
        checkOutputFile(path.toStdString());
    } catch (const std::exception& e) {
        return errorText(e);
    }
    return {};
}

} // namespace sharelens::widgets
