// `siphon-cli verify` on archives built to attack whoever unpacks them: zip slip (../ entries),
// absolute paths, symlinks, zip bombs (a declared size past the limit, a header that lies about
// the size, too many entries). Each must be refused with a sentence naming the problem, and
// nothing may be written anywhere: not next to the archive, not in the working directory, not
// in TMPDIR. (test_evidence_bundle.cpp covers the plain refusals; this file the bombs and the
// "wrote nothing" guarantee.)
#include "evidence_cli_util.h"

#include <filesystem>
#include <set>

using namespace siphon;

namespace {

// Builds each hostile archive with Python's zipfile, then patches header bytes where the attack
// needs a lie zipfile will not write.
const char* kMakeZip = R"PY(
import struct, sys, zipfile, stat, zlib
kind, out = sys.argv[1], sys.argv[2]

def patch_local_size(path, new_size, zip64=False):
    data = bytearray(open(path, 'rb').read())
    assert data[:4] == b'PK\x03\x04'
    if not zip64:
        struct.pack_into('<I', data, 22, new_size)           # uncompressed size in the local header
    else:
        name_len, extra_len = struct.unpack_from('<HH', data, 26)
        pos = 30 + name_len
        end = pos + extra_len
        while pos < end:
            hid, size = struct.unpack_from('<HH', data, pos)
            if hid == 1:                                      # Zip64 extra: original size first
                struct.pack_into('<Q', data, pos + 4, new_size)
                break
            pos += 4 + size
        else:
            raise SystemExit('no zip64 extra')
    open(path, 'wb').write(data)

if kind == 'traversal':
    with zipfile.ZipFile(out, 'w') as z:
        z.writestr('SHA256SUMS', '')
        z.writestr('evidence/../../../x', 'escaped')
elif kind == 'absolute':
    with zipfile.ZipFile(out, 'w') as z:
        z.writestr('/etc/passwd', 'root::0:0::/:/bin/sh')
elif kind == 'symlink':
    with zipfile.ZipFile(out, 'w') as z:
        info = zipfile.ZipInfo('evidence/EX-001.csv')
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, '/etc/shadow')
elif kind == 'declared-huge':
    # 5 GiB declared in the Zip64 extra of the local header; the data itself is tiny.
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        with z.open('evidence/EX-001.csv', 'w', force_zip64=True) as f:
            f.write(b'0' * 1000)
    patch_local_size(out, 5 << 30, zip64=True)
elif kind == 'lying-size':
    # 32 MiB of zeros deflate to ~32 KiB; the header claims 100 bytes.
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('evidence/EX-001.csv', b'\0' * (32 << 20))
    patch_local_size(out, 100)
elif kind == 'many-entries':
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_STORED) as z:
        for i in range(100001):
            z.writestr('e/%d' % i, b'')
)PY";

std::set<std::string> filesUnder(const std::string& dir) {
    std::set<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        out.insert(std::filesystem::relative(e.path(), dir).string());
    return out;
}

} // namespace

TEST_CASE("cli: verify refuses hostile archives with a reason and writes nothing", "[cli][evidence][bundle][hostile]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("python3");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("env");
    test::TempDir dir;
    test::writeFile(dir.file("make.py"), kMakeZip);
    std::filesystem::create_directories(dir.file("work/a/b"));
    std::filesystem::create_directories(dir.file("tmp"));

    struct Case {
        const char* kind;
        const char* reason;
    };
    const Case cases[] = {
        {"traversal", "path traversal (..)"},
        {"absolute", "absolute path"},
        {"symlink", "not a regular file"},
        {"declared-huge", "declares 5368709120 bytes, more than the 4 GiB limit"},
        {"lying-size", "decompresses past the 100 bytes its header declares"},
        {"many-entries", "more than 100000 entries"},
    };
    for (const Case& c : cases) {
        const std::string zip = dir.file(std::string(c.kind) + ".zip");
        auto made = test::runTool("python3", {dir.file("make.py"), c.kind, zip});
        INFO(c.kind << ": " << made.err);
        REQUIRE(made.exitCode == 0);
        const auto before = filesUnder(dir.path());
        // Run from deep inside the temp folder, with TMPDIR pointing into it too, so that any
        // relative write (../../x) or temporary file would land where this test can see it.
        auto v = test::runTool("env", {"TMPDIR=" + dir.file("tmp"), test::cliPath(), "verify", zip}, dir.file("work/a/b"));
        INFO(c.kind << ": " << v.out << v.err);
        CHECK(v.exitCode == 1);
        CHECK_THAT(v.err, Catch::Contains("FAIL  refused: "));
        CHECK_THAT(v.err, Catch::Contains(c.reason));
        CHECK(filesUnder(dir.path()) == before);
    }
}
