#include "colormap.h"

#include <algorithm>
#include <cmath>

namespace sharelens::widgets {

namespace {

// Entries 0, 16, 32, ..., 240 and 255 of the viridis table published by
// Stéfan van der Walt and Nathaniel Smith (matplotlib's `viridis`, CC0).
struct Anchor {
    double index; // position in the 256-entry table
    double r, g, b;
};
constexpr Anchor kViridis[] = {
    {0, 0.267004, 0.004874, 0.329415},   {16, 0.282327, 0.094955, 0.417331},  {32, 0.278826, 0.175490, 0.483397},
    {48, 0.258965, 0.251537, 0.524736},  {64, 0.229739, 0.322361, 0.545706},  {80, 0.199430, 0.387607, 0.554642},
    {96, 0.172719, 0.448791, 0.557885},  {112, 0.149039, 0.508051, 0.557250}, {128, 0.127568, 0.566949, 0.550556},
    {144, 0.120638, 0.625828, 0.533488}, {160, 0.157851, 0.683765, 0.501686}, {176, 0.246070, 0.738910, 0.452024},
    {192, 0.369214, 0.788888, 0.382914}, {208, 0.515992, 0.831158, 0.294279}, {224, 0.678489, 0.863742, 0.189503},
    {240, 0.845561, 0.887322, 0.099702}, {255, 0.993248, 0.906157, 0.143936},
};

int toByte(double v) { return std::clamp(int(std::lround(v * 255.0)), 0, 255); }

} // namespace

QRgb viridis(double t) {
    if (!(t > 0)) t = 0; // also catches NaN
    if (t > 1) t = 1;
    const double x = t * 255.0;
    constexpr int count = int(std::size(kViridis));
    int k = 0;
    while (k + 2 < count && kViridis[k + 1].index < x) ++k;
    const Anchor& a = kViridis[k];
    const Anchor& b = kViridis[k + 1];
    const double f = std::clamp((x - a.index) / (b.index - a.index), 0.0, 1.0);
    return qRgb(toByte(a.r + f * (b.r - a.r)), toByte(a.g + f * (b.g - a.g)), toByte(a.b + f * (b.b - a.b)));
}

const std::array<QRgb, 256>& viridisTable() {
    static const std::array<QRgb, 256> table = [] {
        std::array<QRgb, 256> t{};
        for (int i = 0; i < 256; ++i) t[size_t(i)] = viridis(i / 255.0);
        return t;
    }();
    return table;
}

QColor groupColor(int group) {
    // A categorical palette in the spirit of Tableau 10, without grey (grey
    // means "not grouped" in the dendrogram).
    static const QRgb palette[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                   0x8c564b, 0xe377c2, 0xbcbd22, 0x17becf, 0x393b79};
    constexpr int size = int(std::size(palette));
    const int g = group < 0 ? 0 : group % size;
    return QColor::fromRgb(palette[g]);
}

QColor groupColorOfFirst(int smallestMember) { return groupColor(smallestMember < 0 ? 0 : smallestMember); }

QColor groupColorOf(const std::vector<int>& members) {
    if (members.size() < 2) return singletonGrey();
    return groupColorOfFirst(*std::min_element(members.begin(), members.end()));
}

QColor singletonGrey() { return QColor(0xdd, 0xdd, 0xdd); }

QColor methodColor(const QString& method) {
    if (method == QLatin1String("baseline")) return QColor::fromRgb(0x1f77b4);
    if (method == QLatin1String("shared")) return QColor::fromRgb(0xff7f0e);
    if (method == QLatin1String("remove-shared-layers")) return QColor::fromRgb(0x2ca02c);
    if (method.startsWith(QLatin1String("drop-last-"))) return QColor::fromRgb(0xd62728);
    if (method == QLatin1String("int8")) return QColor::fromRgb(0x9467bd);
    if (method.startsWith(QLatin1String("remove-bi-"))) return QColor::fromRgb(0x8c564b);
    if (method.startsWith(QLatin1String("remove-angular-"))) return QColor::fromRgb(0xe377c2);
    if (method.startsWith(QLatin1String("linear-map-"))) return QColor::fromRgb(0x17becf);
    return QColor::fromRgb(0x7f7f7f);
}

QColor neutralGrey() { return QColor(0x99, 0x99, 0x99); }

} // namespace sharelens::widgets
