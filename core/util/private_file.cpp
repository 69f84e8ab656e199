#include "util/private_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace siphon::util {

Status createPrivateFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) return makeError(ErrorCode::Io, std::string("cannot create file: ") + std::strerror(errno), path);
    ::close(fd);
    return {};
}

Status recreatePrivateFile(const std::string& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return makeError(ErrorCode::Io, std::string("cannot replace file: ") + std::strerror(errno), path);
    return createPrivateFile(path);
}

std::optional<std::string> sharedReadWarning(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    const bool group = st.st_mode & S_IRGRP, others = st.st_mode & S_IROTH;
    if (!group && !others) return std::nullopt;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    const std::string who = group && others ? "its group and others" : group ? "its group" : "others";
    return "readable by " + who + " (mode " + mode + "); chmod 600 keeps it to its owner";
}

} // namespace siphon::util
