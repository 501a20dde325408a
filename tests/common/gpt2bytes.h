// GPT-2's byte -> character table, written from its definition: printable
// Latin-1 bytes stand for themselves, the other 68 take U+0100.. in order.
// Byte-level BPE vocabularies in the tests are spelled with these symbols.
#pragma once

#include <QChar>
#include <QString>

namespace testutil {

inline QString byteSymbol(int b) {
    int next = 256;
    for (int i = 0; i < 256; ++i) {
        const bool printable = (i >= 0x21 && i <= 0x7E) || (i >= 0xA1 && i <= 0xAC) || i >= 0xAE;
        const int cp = printable ? i : next++;
        if (i == b) return QString(QChar(cp));
    }
    return {};
}

} // namespace testutil
