// Issue #9 (tracker 13), High 1: a forged bundle must never verify. Each archive below is a real,
// signed bundle rebuilt by Python's zipfile with one forgery an extractor would act on: an entry
// whose attributes say "directory" while its name has no trailing '/' (unzip and zipfile extract
// it as a file that replaces the real one), aliased names ("./x", case, ':'), setuid modes, a
// second name in the Info-ZIP Unicode field, a NUL in a name, a local header that names another
// file or states another CRC, an encryption flag, an archive comment, bytes before the first entry
// or after the end record, and SHA256SUMS listing one file twice (wrong hash first) or under two
// spellings, manifest.json listing a file twice. `verify` must fail every one, naming the problem; the unforged copy must pass.
#include "evidence_cli_util.h"

#include <filesystem>

using namespace siphon;

namespace {

const char* kForge = R"PY(
import struct, sys, zipfile, stat, io, warnings
warnings.simplefilter('ignore')
kind, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
FORGED = b'{"forged": true}\n'

import hashlib
def copy(z, skip=(), extra_sums=b'', sums_edit=None):
    with zipfile.ZipFile(src) as s:
        for i in s.infolist():
            if i.filename in skip or i.filename == 'SHA256SUMS': continue
            z.writestr(i.filename, s.read(i.filename), compress_type=zipfile.ZIP_DEFLATED)
        sums = s.read('SHA256SUMS') + extra_sums
        if sums_edit: sums = sums_edit(sums)
        z.writestr('SHA256SUMS', sums, compress_type=zipfile.ZIP_DEFLATED)

def extra_entry(name, attr, system=3, data=FORGED, extra=b''):
    info = zipfile.ZipInfo(name, date_time=(2026, 3, 1, 12, 0, 0))
    info.create_system = system
    info.external_attr = attr
    info.extra = extra
    return info, data

def write(entries=(), skip=(), comment=b'', sums_edit=None, listed=True):
    # Added entries come last (an extractor's last write wins) and, unless they pose as
    # directories, are listed in SHA256SUMS with their true hash, as a forger would.
    extra = b''.join(hashlib.sha256(d).hexdigest().encode() + b'  ' + i.filename.encode() + b'\n' for i, d in entries)
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        copy(z, skip, extra if listed else b'', sums_edit)
        for info, data in entries: z.writestr(info, data)
        z.comment = comment

def patch(fn):
    data = bytearray(open(out, 'rb').read())
    fn(data)
    open(out, 'wb').write(data)

def local_offset(name):
    with zipfile.ZipFile(out) as z:
        return z.getinfo(name).header_offset

def central_offset(data, name):
    pos = data.rfind(b'PK\x01\x02' + b'', 0)
    i = 0
    while True:
        i = data.find(b'PK\x01\x02', i)
        if i < 0: raise SystemExit('no central entry ' + name)
        n, = struct.unpack_from('<H', data, i + 28)
        if bytes(data[i + 46:i + 46 + n]) == name.encode(): return i
        i += 4

if kind == 'copy': write()
elif kind == 'dir-attr':       # the issue's forgery: Unix directory + DOS directory bit, no trailing '/'
    write([extra_entry('timeline.jsonl', (stat.S_IFDIR | 0o755) << 16 | 0x10)], listed=False)
elif kind == 'dir-attr-dos':
    write([extra_entry('timeline.jsonl', 0x10, system=0)], listed=False)
elif kind == 'backslash': write([extra_entry('evidence\\EX-009.csv', (stat.S_IFREG | 0o644) << 16)])
elif kind == 'dot-prefix': write([extra_entry('./timeline.jsonl', (stat.S_IFREG | 0o644) << 16)])
elif kind == 'case-dup': write([extra_entry('TIMELINE.jsonl', (stat.S_IFREG | 0o644) << 16)])
elif kind == 'setuid': write([extra_entry('run.sh', (stat.S_IFREG | 0o4755) << 16)])
elif kind == 'colon': write([extra_entry('timeline.jsonl:hidden', (stat.S_IFREG | 0o644) << 16)])
elif kind == 'unicode-path':   # Info-ZIP Unicode Path field: extractors name the file from it
    name = b'timeline.jsonl'
    import zlib
    body = b'\x01' + struct.pack('<I', zlib.crc32(b'notes.txt')) + name
    write([extra_entry('notes.txt', (stat.S_IFREG | 0o644) << 16, extra=struct.pack('<HH', 0x7075, len(body)) + body)])
elif kind == 'sums-dup':       # a wrong hash listed first; the true one last ("last line wins")
    write(sums_edit=lambda s: b'0' * 64 + b'  timeline.jsonl\n' + s)
elif kind == 'sums-dot':       # one file listed under two spellings
    write(sums_edit=lambda s: s + b'0' * 64 + b'  ./timeline.jsonl\n')
elif kind == 'manifest-dup':   # manifest.json lists a file twice; SHA256SUMS re-hashed to match
    import json
    with zipfile.ZipFile(src) as s: m = json.loads(s.read('manifest.json'))
    m['files'].append(dict(m['files'][0]))
    data = json.dumps(m).encode()
    h = hashlib.sha256(data).hexdigest().encode()
    edit = lambda sums: b'\n'.join(h + b'  manifest.json' if l.endswith(b'  manifest.json') else l for l in sums.split(b'\n'))
    write([extra_entry('manifest.json', (stat.S_IFREG | 0o644) << 16, data=data)], skip=('manifest.json',),
          sums_edit=edit, listed=False)
elif kind == 'comment': write(comment=b'Verified by the court')
elif kind == 'trailing':
    write(); patch(lambda d: d.extend(b'PK\x03\x04 trailing forged bytes'))
elif kind == 'prepended':
    write(); patch(lambda d: d.__setitem__(slice(0, 0), b'MZ self-extractor stub ' * 4))
elif kind == 'nul-name':
    write([extra_entry('timeline.jsonlX.txt', (stat.S_IFREG | 0o644) << 16)])
    off = local_offset('timeline.jsonlX.txt')
    def nul(d):
        d[off + 30 + len('timeline.jsonl')] = 0
        c = central_offset(d, 'timeline.jsonlX.txt')
        d[c + 46 + len('timeline.jsonl')] = 0
    patch(nul)
elif kind == 'local-name':     # streaming extractors take the local header's name
    write()
    off = local_offset('README.txt')
    patch(lambda d: d.__setitem__(slice(off + 30, off + 40), b'READMX.txt'))
elif kind == 'local-crc':
    write()
    off = local_offset('README.txt')
    patch(lambda d: d.__setitem__(slice(off + 14, off + 18), b'\x00\x00\x00\x00'))
elif kind == 'encrypted':
    write()
    off = local_offset('README.txt')
    def enc(d):
        d[off + 6] |= 1
        c = central_offset(d, 'README.txt')
        d[c + 8] |= 1
    patch(enc)
else: raise SystemExit('unknown kind ' + kind)
)PY";

// Python's own extractor, as counsel's paralegal would run it.
const char* kExtract = R"PY(
import sys, zipfile, warnings
warnings.simplefilter('ignore')
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
print(open(sys.argv[2] + '/timeline.jsonl').read())
)PY";

struct Forged {
    test::TempDir dir;
    std::string bundle, pub;
};

// A signed bundle of the tagged case, and the forging script.
void makeBundle(Forged& f) {
    const std::string c = f.dir.file("c.siphon");
    test::buildTaggedCase(c);
    REQUIRE(test::runTool("openssl", {"genpkey", "-algorithm", "ed25519", "-out", f.dir.file("key.pem")}).exitCode == 0);
    REQUIRE(test::runTool("openssl", {"pkey", "-in", f.dir.file("key.pem"), "-pubout", "-out", f.dir.file("pub.pem")}).exitCode == 0);
    f.bundle = f.dir.file("b.zip");
    f.pub = f.dir.file("pub.pem");
    auto r = test::runCli({"export", c, "--out", f.bundle, "--export-time", "2026-03-01T12:00:00Z", "--sign", f.dir.file("key.pem")});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    test::writeFile(f.dir.file("forge.py"), kForge);
    test::writeFile(f.dir.file("extract.py"), kExtract);
}

std::string forge(Forged& f, const std::string& kind) {
    const std::string out = f.dir.file(kind + ".zip");
    auto made = test::runTool("python3", {f.dir.file("forge.py"), kind, f.bundle, out});
    INFO(kind << ": " << made.err);
    REQUIRE(made.exitCode == 0);
    return out;
}

} // namespace

TEST_CASE("cli: verify refuses a 'directory' entry that extractors write as a file over the real one",
          "[cli][evidence][bundle][hostile][integrity]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("python3");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("openssl");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("unzip");
    Forged f;
    makeBundle(f);
    SECTION("the unforged rebuild passes (the harness itself is sound)") {
        auto v = test::runCli({"verify", forge(f, "copy"), "--pubkey", f.pub});
        INFO(v.out << v.err);
        CHECK(v.exitCode == 0);
        CHECK_THAT(v.out, Catch::Contains("signature valid"));
    }
    for (const std::string kind : {"dir-attr", "dir-attr-dos"}) {
        const std::string zip = forge(f, kind);
        // What an extractor makes of it: the forged bytes replace the real timeline.
        auto x = test::runTool("python3", {f.dir.file("extract.py"), zip, f.dir.file("x-" + kind)});
        INFO(kind << ": " << x.err);
        REQUIRE(x.exitCode == 0);
        CHECK_THAT(x.out, Catch::Contains("\"forged\": true"));
        // unzip lists it as a file too (a directory would end in '/').
        auto l = test::runTool("unzip", {"-Z1", zip});
        size_t files = 0;
        for (size_t at = 0; (at = l.out.find("timeline.jsonl\n", at)) != std::string::npos; ++at) ++files;
        CHECK(files == 2);
        auto v = test::runCli({"verify", zip, "--pubkey", f.pub});
        INFO(kind << ": " << v.out << v.err);
        CHECK(v.exitCode == 1);
        // libarchive may take a DOS-only directory bit for a file; then it is refused as a duplicate.
        CHECK_THAT(v.err, Catch::Contains(kind == "dir-attr" ? "FAIL  refused: entry 'timeline.jsonl' is marked a directory but "
                                                               "its name has no trailing '/'"
                                                             : "FAIL  refused: entry 'timeline.jsonl'"));
        CHECK_THAT(v.out, !Catch::Contains("bundle OK"));
    }
}

TEST_CASE("cli: verify judges every entry as an extractor sees it", "[cli][evidence][bundle][hostile][integrity]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("python3");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("openssl");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("unzip");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("sha256sum");
    Forged f;
    makeBundle(f);
    struct Case {
        const char* kind;
        const char* reason;
    };
    const Case cases[] = {
        {"backslash", "backslash in path"},
        {"dot-prefix", "'.' segment"},
        {"case-dup", "appears twice (or under two spellings of one name)"},
        {"colon", "colon in path"},
        {"setuid", "setuid/setgid/sticky"},
        {"unicode-path", "Info-ZIP Unicode"},
        {"nul-name", "refused: "},
        {"local-name", "the local header names it 'READMX.txt'"},
        {"local-crc", "CRC or sizes in the local header differ"},
        {"encrypted", "FAIL"},
        {"comment", "archive comment"},
        {"trailing", "data after the end of the central directory"},
        {"prepended", "refused: "},
        {"sums-dup", "timeline.jsonl is listed twice"},
        {"sums-dot", "SHA256SUMS: line"},
        {"manifest-dup", "is listed twice (or under two spellings)"},
    };
    for (const Case& c : cases) {
        auto v = test::runCli({"verify", forge(f, c.kind)});
        INFO(c.kind << ": " << v.out << v.err);
        CHECK(v.exitCode == 1);
        CHECK_THAT(v.err, Catch::Contains(c.reason));
        CHECK_THAT(v.out, !Catch::Contains("bundle OK"));
    }
    // The reference tool agrees that a file listed twice with a wrong hash is a failure.
    const std::string u = f.dir.file("u-sums-dup");
    std::filesystem::create_directories(u);
    REQUIRE(test::runTool("unzip", {"-q", "-o", f.dir.file("sums-dup.zip"), "-d", u}).exitCode == 0);
    CHECK(test::runTool("sha256sum", {"-c", "--quiet", "SHA256SUMS"}, u).exitCode != 0);
}

TEST_CASE("cli: verify from a pipe checks what it can and then refuses", "[cli][evidence][bundle][integrity]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("python3");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("openssl");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("sh");
    Forged f;
    makeBundle(f);
    // Through a pipe the central directory cannot be compared with the stream: a forged
    // directory entry would go unseen, so even the honest bundle is not reported OK.
    auto v = test::runTool("sh", {"-c", "cat \"$1\" | \"$2\" verify /dev/stdin", "sh", f.bundle, test::cliPath()});
    INFO(v.out << v.err);
    CHECK(v.exitCode == 1);
    CHECK_THAT(v.err, Catch::Contains("refused: not a regular file"));
    CHECK(test::runCli({"verify", f.bundle}).exitCode == 0);
}
