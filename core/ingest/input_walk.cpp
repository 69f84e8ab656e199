#include "ingest/input_walk.h"

#include <algorithm>
#include <filesystem>

namespace siphon::ingest {

namespace fs = std::filesystem;

namespace {

std::string kindOf(fs::file_type t) {
    switch (t) {
    case fs::file_type::fifo: return "a FIFO (named pipe)";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    default: return "not a regular file";
    }
}

class Walker {
public:
    explicit Walker(InputList& out) : out_(out) {}

    void folder(const fs::path& dir) {
        std::error_code ec;
        fs::directory_iterator it(dir, ec);
        if (ec) {
            skip(dir, "folder cannot be read: " + ec.message());
            return;
        }
        std::vector<fs::directory_entry> entries;
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            if (ec) break;
            entries.push_back(*it);
        }
        if (ec) skip(dir, "folder could not be listed to its end: " + ec.message());
        for (const auto& e : entries) entry(e);
    }

private:
    void entry(const fs::directory_entry& e) {
        std::error_code ec;
        const fs::file_status own = e.symlink_status(ec);
        if (ec) return skip(e.path(), "cannot be examined: " + ec.message());
        if (fs::is_directory(own)) return folder(e.path());
        if (fs::is_regular_file(own)) return out_.files.push_back(e.path().string());
        if (!fs::is_symlink(own)) return skip(e.path(), kindOf(own.type()) + ": not read");
        const fs::file_status target = fs::status(e.path(), ec);
        if (ec || !fs::exists(target)) return skip(e.path(), "broken symbolic link: not read");
        if (fs::is_regular_file(target)) return out_.files.push_back(e.path().string());
        if (fs::is_directory(target))
            return skip(e.path(), "symbolic link to a folder: not followed (name the folder itself to import it)");
        skip(e.path(), "symbolic link to " + kindOf(target.type()) + ": not read");
    }

    void skip(const fs::path& p, std::string reason) { out_.skipped.push_back({p.string(), std::move(reason)}); }

    InputList& out_;
};

} // namespace

Result<InputList> walkInputs(const std::vector<std::string>& paths) {
    InputList out;
    for (const auto& p : paths) {
        std::error_code ec;
        const auto status = fs::status(p, ec);
        if (ec || !fs::exists(status)) {
            const bool link = fs::is_symlink(fs::symlink_status(p, ec));
            return makeError(ErrorCode::Io, link ? "input is a broken symbolic link" : "input does not exist", p);
        }
        if (!fs::is_directory(status)) {
            out.files.push_back(p);
            continue;
        }
        InputList one;
        Walker(one).folder(p);
        std::sort(one.files.begin(), one.files.end());
        out.files.insert(out.files.end(), one.files.begin(), one.files.end());
        out.skipped.insert(out.skipped.end(), one.skipped.begin(), one.skipped.end());
    }
    return out;
}

} // namespace siphon::ingest
