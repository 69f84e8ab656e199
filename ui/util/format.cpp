#include "util/format.h"

#include "util/time_util.h"

#include <QDateTime>
#include <QLocale>
#include <QTextDocument>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace siphon::ui {

QString plainText(const std::string& bytes, int maxChars) {
    QString s = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(std::min<size_t>(bytes.size(), size_t(maxChars) * 4)));
    QString out;
    out.reserve(std::min<qsizetype>(s.size(), maxChars));
    for (QChar c : s) {
        if (out.size() >= maxChars) break;
        const char16_t u = c.unicode();
        if (u == '\n' || u == '\t') out += c;
        else if (u == '\r') continue;
        else if (u < 0x20 || u == 0x7f) out += QChar(0x2400 + (u == 0x7f ? 0x21 : u));   // control pictures
        else if ((u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || u == 0x200e || u == 0x200f || u == 0x061c ||
                 (u >= 0x200b && u <= 0x200d) || u == 0x2060 || u == 0xfeff)
            out += QChar(0xfffd);   // bidi controls and zero-width characters could disguise text (as in the report)
        else out += c;
    }
    if (out.size() >= maxChars || bytes.size() > size_t(maxChars) * 4)
        out += QStringLiteral("\n… [truncated for display: %1 bytes in total]").arg(formatCount(static_cast<int64_t>(bytes.size())));
    return out;
}

QString oneLine(const std::string& bytes, int maxChars) {
    QString s = plainText(bytes.substr(0, size_t(maxChars) * 4), maxChars);
    s.replace(QChar('\n'), QChar(' ')).replace(QChar('\t'), QChar(' '));
    if (s.size() > maxChars) s = s.left(maxChars - 1) + QChar(0x2026);
    return s;
}

QString plainToolTip(const QString& text) {
    return text.isEmpty() ? text : Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal);
}

QString softWrap(const QString& text, int every) {
    QString out;
    out.reserve(text.size() + text.size() / every + 1);
    int run = 0;
    for (QChar c : text) {
        if (c == QChar('\n')) run = 0;
        else if (++run > every) {
            out += QChar('\n');
            run = 1;
        }
        out += c;
    }
    return out;
}

QString formatCount(int64_t n) { return QLocale(QLocale::English).toString(static_cast<qlonglong>(n)); }

QString formatCompact(double n) {
    const double a = std::fabs(n);
    if (a >= 1e9) return QString::number(n / 1e9, 'f', 1) + "G";
    if (a >= 1e6) return QString::number(n / 1e6, 'f', 1) + "M";
    if (a >= 1e4) return QString::number(n / 1e3, 'f', 0) + "k";
    if (a >= 1e3) return QString::number(n / 1e3, 'f', 1) + "k";
    return QString::number(n, 'f', a < 10 && a != std::floor(a) ? 1 : 0);
}

QString formatTimeUs(int64_t us) {
    return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::utc()).toString("yyyy-MM-dd HH:mm") + " UTC";
}

QString formatTimeUsShort(int64_t us) {
    return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::utc()).toString("yyyy-MM-dd HH:mm:ss.zzz");
}

QString formatTimeUsFull(int64_t us) { return QString::fromStdString(timeutil::formatIso8601(us)); }

QString formatDurationUs(int64_t us) {
    const int64_t m = us / 60'000'000;
    if (m < 60) return QString::number(m) + " min";
    if (m < 1440) return QString::number(m / 60) + " h";
    return QString::number(m / 1440) + " d";
}

QColor scoreColour(double score) {
    score = std::clamp(score, 0.0, 1.0);
    // Piecewise: slate (0) -> amber (0.5) -> red (1).
    const QColor a(0x78, 0x90, 0x9c), b(0xf0, 0xa2, 0x02), c(0xd3, 0x2f, 0x2f);
    auto mix = [](const QColor& x, const QColor& y, double t) {
        return QColor::fromRgbF(static_cast<float>(x.redF() + (y.redF() - x.redF()) * t),
                                static_cast<float>(x.greenF() + (y.greenF() - x.greenF()) * t),
                                static_cast<float>(x.blueF() + (y.blueF() - x.blueF()) * t));
    };
    return score < 0.5 ? mix(a, b, score * 2) : mix(b, c, (score - 0.5) * 2);
}

} // namespace siphon::ui
