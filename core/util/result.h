#pragma once
// Result<T>: a value or an Error, for core APIs that fail on input rather than on bugs.
// Core never shows dialogs or throws across module boundaries; callers decide.
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace siphon {

enum class ErrorCode {
    Io,            // file missing, unreadable, disk full
    Format,        // input not in the expected format
    Corrupt,       // truncated or damaged input
    Database,      // SQLite reported an error
    Locked,        // another process holds the case for writing
    ReadOnly,      // the case cannot be written
    Schema,        // case file is not Siphon's, or from a newer version
    Cancelled,
    Usage,         // caller passed something invalid
    Verify,        // a hash, chain or signature check failed
};

struct Error {
    ErrorCode code = ErrorCode::Io;
    std::string message;
    std::string file;   // input file the error is about, if any
    long long line = -1;
    long long offset = -1;

    std::string describe() const {
        std::string s = message;
        if (!file.empty()) {
            s += " (" + file;
            if (line >= 0) s += ", line " + std::to_string(line);
            if (offset >= 0) s += ", offset " + std::to_string(offset);
            s += ")";
        }
        return s;
    }
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    const Error& error() const { return std::get<1>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }

private:
    std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : error_(std::move(error)) {}
    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *error_; }

private:
    std::optional<Error> error_;
};

inline Error makeError(ErrorCode code, std::string message, std::string file = {}, long long line = -1,
                       long long offset = -1) {
    return Error{code, std::move(message), std::move(file), line, offset};
}

} // namespace siphon
