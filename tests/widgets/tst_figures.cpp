// Figure painting and export to PNG, SVG and PDF.
#include "colormap.h"
#include "figures.h"
#include "fixtures.h"

#include <vector>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPainter>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

using namespace sharelens::widgets;

Q_DECLARE_METATYPE(std::vector<int>)

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

HeatmapData sampleHeatmap(int n) {
    HeatmapData d = fixtures::heatmapData(fixtures::blockSimilarity(n, 3));
    d.title = QStringLiteral("Layer similarity");
    d.subtitle = QStringLiteral("test model · Pearson · 1,024 tokens");
    return d;
}

auto heatmapPainter(const HeatmapData& d) {
    return [d](QPainter& p, const QRectF& r) { paintHeatmap(p, r, d); };
}

// Paints like the PNG export does: 72-dpi units scaled to 300 dpi.
QImage paintAt300Dpi(const QSizeF& pt, const std::function<void(QPainter&, const QRectF&)>& paint) {
    QImage img(pngPixelSize(pt), QImage::Format_RGB32);
    img.setDotsPerMeterX(int(std::lround(72 / 0.0254)));
    img.setDotsPerMeterY(int(std::lround(72 / 0.0254)));
    img.fill(Qt::white);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(kPngDpi / 72, kPngDpi / 72);
    paint(p, QRectF(QPointF(0, 0), pt));
    return img;
}

bool near(QRgb a, QRgb b, int tol) {
    return qAbs(qRed(a) - qRed(b)) <= tol && qAbs(qGreen(a) - qGreen(b)) <= tol && qAbs(qBlue(a) - qBlue(b)) <= tol;
}

} // namespace

class TestFigures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void exportFormats_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("kind");
        QTest::newRow("png") << "fig.png"
                             << "png";
        QTest::newRow("svg") << "fig.svg"
                             << "svg";
        QTest::newRow("pdf") << "fig.pdf"
                             << "pdf";
        QTest::newRow("upper-case extension") << "FIG.PNG"
                                              << "png";
    }
    void exportFormats() {
        QFETCH(QString, file);
        QFETCH(QString, kind);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(file);
        const QSizeF size(360, 288);
        QString error;
        QVERIFY2(exportFigure(path, size, heatmapPainter(sampleHeatmap(12)), &error), qPrintable(error));
        QVERIFY(error.isEmpty());
        QVERIFY(QFile::exists(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left
        if (kind == QLatin1String("png")) {
            QImage img;
            QVERIFY(img.load(path));
            QCOMPARE(img.size(), QSize(1500, 1200)); // 5 x 4 inches at 300 dpi
            QCOMPARE(img.size(), pngPixelSize(size));
            QCOMPARE(qRound(img.dotsPerMeterX() * 0.0254), 300);
        } else if (kind == QLatin1String("svg")) {
            QSvgRenderer svg(path);
            QVERIFY(svg.isValid());
            QCOMPARE(svg.viewBoxF(), QRectF(0, 0, 360, 288));
            const QByteArray text = readAll(path);
            QVERIFY(text.contains("viewBox=\"0 0 360 288\""));
        } else {
            const QByteArray pdf = readAll(path);
            QVERIFY(pdf.startsWith("%PDF-"));
            QVERIFY(pdf.trimmed().endsWith("%%EOF"));
            QVERIFY(pdf.contains("/MediaBox [0 0 360.000000 288.000000]")); // one page of 360 x 288 pt
        }
    }

    void pngCellsAreExactColours_data() {
        QTest::addColumn<bool>("reorder");
        QTest::newRow("natural order") << false;
        QTest::newRow("reversed order") << true;
    }
    void pngCellsAreExactColours() {
        // The exported heatmap shows each cell in its viridis colour, with no
        // smoothing between cells, at the place the layout gives it.
        QFETCH(bool, reorder);
        const int n = 12;
        HeatmapData d = sampleHeatmap(n);
        if (reorder)
            for (int i = n - 1; i >= 0; --i) d.order.push_back(i);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cells.png"));
        const QSizeF size(360, 300);
        QString error;
        QVERIFY2(exportFigure(path, size, heatmapPainter(d), &error), qPrintable(error));
        QImage img(path);
        QVERIFY(!img.isNull());
        const HeatmapLayout L = layoutHeatmap(QRectF(QPointF(0, 0), size), d, FigureStyle::print());
        QVERIFY(L.valid);
        const double scale = kPngDpi / 72;
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const QPointF centre = L.geometry.cellCenter(r, c) * scale;
                const double t = (d.values(r, c) - d.vmin) / (d.vmax - d.vmin);
                const QRgb want = viridisTable()[size_t(std::lround(std::clamp(t, 0.0, 1.0) * 255))];
                const QRgb got = img.pixel(centre.toPoint());
                QVERIFY2(near(got, want, 1), qPrintable(QStringLiteral("cell %1,%2").arg(r).arg(c)));
            }
    }

    void dendrogramLinkColours() {
        // Links under the threshold take their group's colour (its smallest
        // member's), links above it are grey.
        const int n = 12;
        const Eigen::MatrixXd s = fixtures::blockSimilarity(n, 3);
        const auto z = fixtures::averageLinkage(s);
        const double t = 0.2;
        const DendrogramData d = fixtures::dendrogramData(z, t, n);
        const QSizeF size(460, 280);
        const QImage img = paintAt300Dpi(size, [&](QPainter& p, const QRectF& r) { paintDendrogram(p, r, d); });
        const DendrogramFigureLayout L = layoutDendrogram(QRectF(QPointF(0, 0), size), d, FigureStyle::print());
        QVERIFY(L.valid);
        const auto groups = sharelens::groupsFromLabels(sharelens::cutTree(z, t));
        int below = 0, above = 0;
        for (const auto& link : d.layout.links) {
            // Middle of the horizontal bar, away from the threshold label box.
            const QPointF mid((L.geometry.xForSlot(link.xLeft) + L.geometry.xForSlot(link.xRight)) / 2,
                              L.geometry.yForHeight(link.height));
            if (qAbs(mid.y() - L.geometry.yForHeight(t)) < 6) continue;
            const QRgb got = img.pixel((mid * (kPngDpi / 72)).toPoint());
            if (link.height <= t) {
                QVERIFY(link.group >= 0);
                const QRgb want = groupColorOfFirst(groups[size_t(link.group)].front()).rgb();
                QVERIFY2(near(got, want, 8), qPrintable(QColor(got).name()));
                ++below;
            } else {
                QVERIFY2(near(got, neutralGrey().rgb(), 8), qPrintable(QColor(got).name()));
                ++above;
            }
        }
        QVERIFY(below > 0);
        QVERIFY(above > 0);
    }

    void emptyDataPaintsNoDataMessage() {
        const QImage img = paintAt300Dpi(QSizeF(200, 150), [](QPainter& p, const QRectF& r) {
            paintHeatmap(p, r, HeatmapData{});
            paintDendrogram(p, r, DendrogramData{});
        });
        QVERIFY(!img.isNull()); // and no crash; the message is drawn
        bool inked = false;
        for (int y = 0; y < img.height() && !inked; y += 2)
            for (int x = 0; x < img.width() && !inked; x += 2) inked = img.pixel(x, y) != qRgb(255, 255, 255);
        QVERIFY(inked);
    }

    void badExtensionLeavesExistingFile_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("jpeg") << "fig.jpg"
                              << ".jpg";
        QTest::newRow("no extension") << "figure"
                                      << "(none)";
        QTest::newRow("tiff") << "fig.tiff"
                              << ".tiff";
    }
    void badExtensionLeavesExistingFile() {
        QFETCH(QString, file);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString path = dir.filePath(file);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("previous contents");
        f.close();
        QString error;
        QVERIFY(!exportFigure(path, QSizeF(100, 100), heatmapPainter(sampleHeatmap(4)), &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral(".png, .svg or .pdf")), qPrintable(error));
        QCOMPARE(readAll(path), QByteArray("previous contents"));
    }

    void unwritablePath_data() {
        QTest::addColumn<QString>("relative");
        QTest::newRow("missing folder") << "no/such/folder/fig.png";
        QTest::newRow("parent is a file") << "plain-file/fig.svg";
        QTest::newRow("missing folder, pdf") << "missing/fig.pdf";
    }
    void unwritablePath() {
        QFETCH(QString, relative);
        QTemporaryDir dir;
        QFile plain(dir.filePath(QStringLiteral("plain-file")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        const QString path = dir.filePath(relative);
        QString error;
        QVERIFY(!exportFigure(path, QSizeF(100, 100), heatmapPainter(sampleHeatmap(4)), &error));
        QVERIFY2(error.startsWith(QStringLiteral("Cannot write")), qPrintable(error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(!QFile::exists(path));
    }

    void readOnlyFolderLeavesExistingFile() {
        if (::geteuid() == 0) QSKIP("root writes into read-only folders");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fig.png"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("old");
        f.close();
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        QString error;
        const bool ok = exportFigure(path, QSizeF(100, 100), heatmapPainter(sampleHeatmap(4)), &error);
        QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(!ok);
        QVERIFY(error.contains(path));
        QCOMPARE(readAll(path), QByteArray("old"));
    }

    void nonRegularOrReadOnlyTargetIsKept_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("why"); // after "Cannot write “PATH”: PATH "
        QTest::newRow("FIFO") << "fifo"
                              << "is a FIFO (named pipe), not a regular file; ShareLens writes only regular files and "
                                 "never replaces a device, pipe or socket. Choose a file path.";
        QTest::newRow("read-only file") << "ro"
                                        << "is read-only; it is not replaced. Make it writable (chmod u+w) or "
                                           "choose another path.";
    }
    void nonRegularOrReadOnlyTargetIsKept() {
        // QSaveFile's rename would put a regular file where the FIFO was, and
        // root's would replace a read-only file.
        QFETCH(QString, kind);
        QFETCH(QString, why);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fig.png"));
        if (kind == QLatin1String("fifo")) {
            QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0644), 0);
        } else {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("old");
            f.close();
            QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadGroup));
        }
        QString error;
        QVERIFY(!exportFigure(path, QSizeF(100, 100), heatmapPainter(sampleHeatmap(4)), &error));
        QCOMPARE(error, QStringLiteral("Cannot write “%1”: %1 %2").arg(path, why));
        if (kind == QLatin1String("fifo"))
            QVERIFY(QFileInfo(path).exists() && !QFileInfo(path).isFile());
        else
            QCOMPARE(readAll(path), QByteArray("old"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("fig.png")});
    }

    void failedPaintLeavesExistingFile_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("png") << "fig.png";
        QTest::newRow("svg") << "fig.svg";
        QTest::newRow("pdf") << "fig.pdf";
    }
    void failedPaintLeavesExistingFile() {
        // A figure that fails half-way (the caller's painter throws) never
        // replaces the existing file, and leaves no temporary behind.
        QFETCH(QString, file);
        QTemporaryDir dir;
        const QString path = dir.filePath(file);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("the figure from yesterday");
        f.close();
        QString error;
        const bool ok = exportFigure(
            path, QSizeF(200, 200),
            [](QPainter& p, const QRectF& r) {
                p.fillRect(r, Qt::red);
                throw std::runtime_error("out of data");
            },
            &error);
        QVERIFY(!ok);
        QVERIFY2(error.contains(QStringLiteral("out of data")), qPrintable(error));
        QCOMPARE(readAll(path), QByteArray("the figure from yesterday"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void overwriteReplacesWholeFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fig.svg"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(2 << 20, 'x')); // bigger than the figure
        f.close();
        QString error;
        QVERIFY2(exportFigure(path, QSizeF(200, 150), heatmapPainter(sampleHeatmap(6)), &error), qPrintable(error));
        QVERIFY(QSvgRenderer(path).isValid());
        QVERIFY(!readAll(path).contains("xxxx"));
    }

    // Separators (e.g. agent boundaries): one vertical and one horizontal
    // line per valid display position, at that position's cell edge.
    void separatorLines_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<std::vector<int>>("separators");
        QTest::addColumn<std::vector<int>>("expected"); // positions that get lines
        QTest::newRow("none") << 6 << std::vector<int>{} << std::vector<int>{};
        QTest::newRow("agents of 3 layers") << 9 << std::vector<int>{3, 6} << std::vector<int>{3, 6};
        QTest::newRow("unsorted, duplicate") << 8 << std::vector<int>{6, 2, 6} << std::vector<int>{2, 6};
        QTest::newRow("edges ignored") << 5 << std::vector<int>{0, 5, -1, 9, 1} << std::vector<int>{1};
    }
    void separatorLines() {
        QFETCH(int, n);
        QFETCH(std::vector<int>, separators);
        QFETCH(std::vector<int>, expected);
        const QRectF m(10, 20, 120, 120);
        const HeatmapGeometry g(m, n);
        const std::vector<QLineF> lines = sharelens::widgets::separatorLines(separators, g);
        QCOMPARE(lines.size(), expected.size() * 2);
        for (size_t k = 0; k < expected.size(); ++k) {
            const double x = m.left() + expected[k] * m.width() / n;
            const double y = m.top() + expected[k] * m.height() / n;
            QCOMPARE(lines[2 * k], QLineF(x, m.top(), x, m.bottom()));
            QCOMPARE(lines[2 * k + 1], QLineF(m.left(), y, m.right(), y));
        }
        QVERIFY(sharelens::widgets::separatorLines(separators, HeatmapGeometry()).empty());
    }

    // The figure draws the separators: on a uniform matrix the pixels on the
    // line are dark, the cells beside it keep the map's colour.
    void separatorsPainted() {
        HeatmapData d;
        d.values = Eigen::MatrixXd::Constant(6, 6, 0.9);
        d.separators = {3};
        const QSizeF pt(300, 260);
        const QImage img = paintAt300Dpi(pt, heatmapPainter(d));
        const HeatmapLayout L = layoutHeatmap(QRectF(QPointF(0, 0), pt), d, FigureStyle::print());
        QVERIFY(L.valid);
        const double k = kPngDpi / 72;
        const QRectF cell = L.geometry.positionRect(0, 0);
        const QPointF onLine(L.geometry.matrix.left() + 3 * L.geometry.cellWidth(), cell.center().y());
        const QRgb line = img.pixel((onLine * k).toPoint());
        const QRgb inside = img.pixel((cell.center() * k).toPoint());
        QVERIFY2(qGray(line) < 80, qPrintable(QString::number(qGray(line))));
        QVERIFY(qGray(inside) > 120); // 0.9 on viridis: light
        // Without separators the same pixel has the cell colour.
        d.separators.clear();
        const QImage plain = paintAt300Dpi(pt, heatmapPainter(d));
        QVERIFY(near(plain.pixel((onLine * k).toPoint()), inside, 8));
    }

    void badSize() {
        QTemporaryDir dir;
        QString error;
        QVERIFY(!exportFigure(dir.filePath(QStringLiteral("a.png")), QSizeF(0, 100), heatmapPainter(sampleHeatmap(4)),
                              &error));
        QVERIFY(error.contains(QStringLiteral("size")));
    }
};

QTEST_MAIN(TestFigures)
#include "tst_figures.moc"
