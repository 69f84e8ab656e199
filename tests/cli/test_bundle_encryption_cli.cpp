// Issue #13 (tracker 17), item 5: `export --encrypt-to CERT` writes the bundle encrypted to named
// recipients with a tool they already have. `openssl cms -decrypt` with each recipient's key
// gives the exact ZIP, which then verifies; the audit log says who it went to; a wrong
// certificate is refused before anything is written.
#include "evidence_cli_util.h"

#include <filesystem>

#include <sys/stat.h>

using namespace siphon;

namespace {

struct Identity {
    std::string cert, key;
};

// A self-signed certificate and its key, made with the openssl tool as a recipient would.
Identity makeIdentity(test::TempDir& dir, const std::string& name, const std::vector<std::string>& keyArgs) {
    Identity id{dir.file(name + ".crt"), dir.file(name + ".key")};
    std::vector<std::string> args{"req", "-x509", "-nodes", "-days", "30", "-subj", "/CN=" + name + "/O=Counsel LLP",
                                  "-keyout", id.key, "-out", id.cert};
    args.insert(args.end(), keyArgs.begin(), keyArgs.end());
    auto r = test::runTool("openssl", args);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return id;
}

test::RunResult decrypt(const std::string& p7m, const Identity& id, const std::string& out) {
    return test::runTool("openssl", {"cms", "-decrypt", "-binary", "-inform", "DER", "-in", p7m, "-recip", id.cert,
                                     "-inkey", id.key, "-out", out});
}

} // namespace

TEST_CASE("cli: a bundle encrypted to two recipients decrypts with openssl to the identical ZIP, which verifies",
          "[cli][evidence][encrypt]") {
    REQUIRE(test::haveTool("openssl"));   // installed by packaging/install-deps.sh
    test::TempDir dir;
    const std::string c = dir.file("c.siphon"), zip = dir.file("b.zip");
    test::buildTaggedCase(c);
    const Identity rsa = makeIdentity(dir, "rsa-counsel", {"-newkey", "rsa:2048"});
    const Identity ec = makeIdentity(dir, "ec-expert", {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"});

    auto ex = test::runCli({"export", c, "--out", zip, "--encrypt-to", rsa.cert, "--encrypt-to", ec.cert});
    INFO(ex.out << ex.err);
    REQUIRE(ex.exitCode == 0);
    CHECK_THAT(ex.out, Catch::Contains("encrypted to 2 recipient(s)") && Catch::Contains("CN=rsa-counsel") &&
                           Catch::Contains("openssl cms -decrypt"));
    const std::string p7m = zip + ".p7m";
    struct stat st {};
    REQUIRE(::stat(p7m.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(test::readFile(p7m).find("PK\x03\x04") == std::string::npos);   // no plaintext ZIP inside

    for (const Identity* id : {&rsa, &ec}) {
        const std::string out = dir.file("decrypted-" + std::to_string(id == &rsa) + ".zip");
        auto d = decrypt(p7m, *id, out);
        INFO(id->cert << ": " << d.err);
        REQUIRE(d.exitCode == 0);
        CHECK(test::readFile(out) == test::readFile(zip));
        CHECK(test::runCli({"verify", out}).exitCode == 0);
    }
    // The RSA recipient's key is wrapped with OAEP, not PKCS #1 v1.5.
    auto parsed = test::runTool("openssl", {"cms", "-cmsout", "-print", "-inform", "DER", "-in", p7m});
    CHECK_THAT(parsed.out, Catch::Contains("rsaesOaep") && Catch::Contains("aes-256-cbc"));

    auto audit = test::runCli({"audit", c});
    CHECK_THAT(audit.out, Catch::Contains("encrypt"));
    CHECK(test::runCli({"audit", c, "--verify"}).exitCode == 0);
}

TEST_CASE("cli: someone else's key cannot decrypt the bundle", "[cli][evidence][encrypt]") {
    REQUIRE(test::haveTool("openssl"));
    test::TempDir dir;
    const std::string c = dir.file("c.siphon"), zip = dir.file("b.zip");
    test::buildTaggedCase(c);
    const Identity counsel = makeIdentity(dir, "counsel", {"-newkey", "rsa:2048"});
    const Identity outsider = makeIdentity(dir, "outsider", {"-newkey", "rsa:2048"});
    REQUIRE(test::runCli({"export", c, "--out", zip, "--encrypt-to", counsel.cert}).exitCode == 0);
    CHECK(decrypt(zip + ".p7m", outsider, dir.file("x.zip")).exitCode != 0);
}

TEST_CASE("cli: --encrypt-to refuses what is not a usable certificate before writing anything",
          "[cli][evidence][encrypt]") {
    REQUIRE(test::haveTool("openssl"));
    test::TempDir dir;
    const std::string c = dir.file("c.siphon"), zip = dir.file("b.zip");
    test::buildTaggedCase(c);
    const Identity id = makeIdentity(dir, "counsel", {"-newkey", "rsa:2048"});
    const std::string ed = dir.file("ed.crt");
    REQUIRE(test::runTool("openssl", {"req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=ed", "-newkey", "ed25519",
                                      "-keyout", dir.file("ed.key"), "-out", ed})
                .exitCode == 0);
    const auto auditBefore = test::runCli({"audit", c}).out;
    struct Bad {
        std::string path, says;
    };
    for (const Bad& bad : {Bad{dir.file("missing.crt"), "not found"}, Bad{id.key, "never a private key"},
                           Bad{ed, "neither RSA nor EC"}}) {
        auto ex = test::runCli({"export", c, "--out", zip, "--encrypt-to", bad.path});
        INFO(bad.path << ": " << ex.err);
        CHECK(ex.exitCode != 0);
        CHECK_THAT(ex.err, Catch::Contains(bad.says));
        CHECK_FALSE(std::filesystem::exists(zip));
        CHECK_FALSE(std::filesystem::exists(zip + ".p7m"));
    }
    CHECK(test::runCli({"audit", c}).out == auditBefore);   // no export or encrypt entry
}
