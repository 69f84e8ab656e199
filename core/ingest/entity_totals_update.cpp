#include "ingest/entity_totals_update.h"

#include <algorithm>
#include <string>

namespace siphon::ingest {

namespace {

// UPDATE ... FROM a VALUES list of `rows` (id, requests, input, output, first hour, last hour).
std::string updateSql(int rows) {
    std::string sql =
        "UPDATE entity SET requests = requests + v.column2, input_tokens = input_tokens + v.column3,"
        " output_tokens = output_tokens + v.column4,"
        " first_hour_us = min(coalesce(first_hour_us, v.column5), v.column5),"
        " last_hour_us = max(coalesce(last_hour_us, v.column6), v.column6) FROM (VALUES ";
    for (int r = 0; r < rows; ++r) {
        const int p = r * 6;
        sql += (r ? ",(?" : "(?") + std::to_string(p + 1);
        for (int c = 2; c <= 6; ++c) sql += ",?" + std::to_string(p + c);
        sql += ")";
    }
    return sql + ") AS v WHERE entity.id = v.column1";
}

} // namespace

// In id order, one Add per id: UPDATE ... FROM applies one VALUES row per target row.
void EntityTotalsUpdate::mergeById(std::vector<Add>& adds) {
    std::sort(adds.begin(), adds.end(), [](const Add& a, const Add& b) { return a.id < b.id; });
    size_t out = 0;
    for (size_t i = 0; i < adds.size(); ++i) {
        if (out > 0 && adds[out - 1].id == adds[i].id) {
            Add& into = adds[out - 1];
            into.sums.requests += adds[i].sums.requests;
            into.sums.input += adds[i].sums.input;
            into.sums.output += adds[i].sums.output;
            into.firstHour = std::min(into.firstHour, adds[i].firstHour);
            into.lastHour = std::max(into.lastHour, adds[i].lastHour);
        } else {
            adds[out++] = adds[i];
        }
    }
    adds.resize(out);
}

Status EntityTotalsUpdate::prepare() {
    auto many = db_.prepare(updateSql(kRowsPerStatement));
    if (!many) return many.error();
    many_ = std::move(many.value());
    auto one = db_.prepare(updateSql(1));
    if (!one) return one.error();
    one_ = std::move(one.value());
    return {};
}

Status EntityTotalsUpdate::run(store::Statement& st, const Add* adds, int rows) {
    for (int r = 0; r < rows; ++r) {
        const Add& a = adds[r];
        const int p = r * 6;
        st.bind(p + 1, a.id).bind(p + 2, a.sums.requests).bind(p + 3, a.sums.input).bind(p + 4, a.sums.output);
        st.bind(p + 5, a.firstHour).bind(p + 6, a.lastHour);
    }
    Status s = st.run();
    st.reset();
    return s;
}

Status EntityTotalsUpdate::apply(std::vector<Add>& adds) {
    mergeById(adds);
    size_t at = 0;
    for (; at + kRowsPerStatement <= adds.size(); at += kRowsPerStatement)
        if (Status s = run(many_, &adds[at], kRowsPerStatement); !s) return s;
    for (; at < adds.size(); ++at)
        if (Status s = run(one_, &adds[at], 1); !s) return s;
    return {};
}

} // namespace siphon::ingest
