#pragma once
// Helpers for the ingest end-to-end tests: generic CSV rows, `info --json` as JSON, and the CLI
// started as a process of its own (for tests that act on it while it runs).
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>

#include <string>
#include <vector>

namespace siphon::test::ingest_cli {

inline const std::string kHeader = "timestamp,account_id,api_key_id,model,input_tokens,output_tokens,request_id,prompt";

inline std::string row(int i, const std::string& inputTokens = "10") {
    return "2026-02-03T14:" + std::string(i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + ":00Z,acct" +
           std::to_string(i % 3) + ",k" + std::to_string(i % 5) + ",gpt-4o," + inputTokens + ",100,req-" +
           std::to_string(i) + ",hello " + std::to_string(i);
}

inline QJsonObject infoJson(const std::string& casePath) {
    auto r = runCli({"info", casePath, "--json"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(r.out));
    REQUIRE(doc.isObject());
    return doc.object();
}

inline void startCli(QProcess& p, const std::vector<std::string>& args, const QProcessEnvironment& env) {
    QStringList list;
    for (const auto& a : args) list << QString::fromStdString(a);
    p.setProcessEnvironment(env);
    p.start(QString::fromStdString(cliPath()), list);
    REQUIRE(p.waitForStarted());
    p.closeWriteChannel();
}

} // namespace siphon::test::ingest_cli
