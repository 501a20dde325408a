#include "replacefolder.h"

#include <QCoreApplication>
#include <QDir>
#include <QMessageBox>
#include <QPushButton>

#include "sharelens/error.h"

namespace sharelens::app {

bool confirmReplaceFolder(QWidget* parent, const QString& dir, const std::function<void(const std::string&)>& check,
                          bool& force) {
    force = false;
    try {
        check(dir.toStdString());
        return true;
    } catch (const Error& e) {
        if (e.code() != ErrorCode::OutFolderNotOurs) return true;
    } catch (const std::exception&) {
        return true;
    }
    QMessageBox box(
        QMessageBox::Warning, QCoreApplication::translate("ReplaceFolder", "Replace the folder?"),
        QCoreApplication::translate("ReplaceFolder", "The folder %1 is not empty and is not a ShareLens export.")
            .arg(QDir::toNativeSeparators(dir)),
        QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("replaceFolderDialog"));
    box.setInformativeText(QCoreApplication::translate("ReplaceFolder", "Replace it? All its contents are deleted."));
    QPushButton* replace =
        box.addButton(QCoreApplication::translate("ReplaceFolder", "Replace"), QMessageBox::DestructiveRole);
    replace->setObjectName(QStringLiteral("replaceFolderReplace"));
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() != replace) return false;
    force = true;
    return true;
}

} // namespace sharelens::app
