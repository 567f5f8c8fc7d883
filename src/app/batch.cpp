// `bpftool batch file FILE|-`: one command per line, upstream's syntax.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "app/app.h"

namespace bpftool::app {

namespace {

constexpr size_t kLineMax = 65536;  // upstream BATCH_LINE_LEN_MAX (fgets buffer)
constexpr size_t kArgsMax = 4096;   // upstream BATCH_ARG_NB_MAX

struct FileCloser {
  void operator()(FILE* f) const {
    if (f && f != stdin) std::fclose(f);
  }
};

// Reads one physical line (with its '\n'); false at EOF. Lines longer than
// upstream's buffer are an error (E2BIG), as there.
bool read_line(FILE* f, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  int c;
  while ((c = std::getc(f)) != EOF) {
    line.push_back(static_cast<char>(c));
    if (c == '\n') break;
    if (line.size() >= kLineMax - 1) {
      too_long = true;
      return true;
    }
  }
  return !line.empty();
}

void strip_comment(std::string& s) {
  size_t hash = s.find('#');
  if (hash != std::string::npos) s.erase(hash);
}

}  // namespace

Result<std::vector<std::string>> split_batch_line(const std::string& line, unsigned cmd_nb) {
  static constexpr char kWs[] = " \t\r\n";
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    i = line.find_first_not_of(kWs, i);
    if (i == std::string::npos) break;
    if (words.size() >= kArgsMax - 1)
      return Error::msg("too many arguments to command " + std::to_string(cmd_nb));
    if (line[i] == '\'' || line[i] == '"') {
      char quote = line[i++];
      size_t end = line.find(quote, i);
      if (end == std::string::npos)
        return Error::msg("unterminated quoted string in command " + std::to_string(cmd_nb));
      words.push_back(line.substr(i, end - i));
      i = end + 1;
    } else {
      size_t end = line.find_first_of(kWs, i);
      if (end == std::string::npos) end = line.size();
      words.push_back(line.substr(i, end - i));
      i = end;
    }
  }
  return words;
}

namespace {

// Set while a batch file runs: a `batch` line inside it is refused (upstream
// recurses until the stack overflows when a file includes itself).
bool g_in_batch = false;

struct InBatch {
  InBatch() { g_in_batch = true; }
  ~InBatch() { g_in_batch = false; }
  InBatch(const InBatch&) = delete;
  InBatch& operator=(const InBatch&) = delete;
};

}  // namespace

Status cmd_batch(commands::Ctx& ctx, cli::ArgCursor& args) {
  if (g_in_batch) return Error::msg("batch files cannot be nested: 'batch' is not allowed inside a batch file");
  if (args.remaining() < 2) return Error::msg("too few parameters for batch");
  if (!args.accept("file")) return Error::msg("expected 'file', got: " + std::string(args.peek()));
  if (args.remaining() > 1) return Error::msg("too many parameters for batch");
  const std::string& path = args.next();

  std::unique_ptr<FILE, FileCloser> file(path == "-" ? stdin : std::fopen(path.c_str(), "re"));
  if (!file) return Error::msg(errno, "Can't open file (" + path + "): " + std::strerror(errno));

  InBatch in_batch;
  output::JsonWriter* jw = ctx.out.jw_ptr();
  output::JsonScope array(jw, output::JsonScope::Array);
  unsigned done = 0;
  std::string line, cont;
  bool too_long = false;
  errno = 0;
  while (read_line(file.get(), line, too_long)) {
    if (too_long) return ctx.out.fail(Error::msg(E2BIG, std::string("reading batch file failed: ") + std::strerror(E2BIG)));
    strip_comment(line);
    // A line ending in a backslash continues on the next one, joined directly.
    for (;;) {
      size_t n = line.size();
      bool continued = (n >= 2 && line[n - 2] == '\\' && line[n - 1] == '\n') || (n >= 1 && line.back() == '\\');
      if (!continued) break;
      line.erase(line[n - 1] == '\n' ? n - 2 : n - 1);
      if (!read_line(file.get(), cont, too_long) || too_long)
        return ctx.out.fail(Error::msg("missing continuation line on command " + std::to_string(done)));
      strip_comment(cont);
      if (line.size() + cont.size() + 1 > kLineMax)
        return ctx.out.fail(Error::msg("command " + std::to_string(done) + " is too long"));
      line += cont;
    }
    auto words = split_batch_line(line, done);
    if (!words) return ctx.out.fail(std::move(words).error());
    if (words->empty()) continue;

    Status st;
    if (jw) {
      jw->start_object();
      jw->name("command");
      jw->start_array();
      for (const auto& w : *words) jw->string(w);
      jw->end_array();
      jw->name("output");
      st = run_command(ctx, *words);
      if (!st && !st.error().reported() && jw->value_pending()) {
        ctx.out.error(st.error());
        st = Error(st.error()).mark_reported();
      }
      if (jw->value_pending()) jw->null();  // a command that printed nothing
      jw->end_object();
    } else {
      st = run_command(ctx, *words);
    }
    if (!st) return st;  // the first failing command ends the batch, with its status
    done++;
    // Output already lost (a full disk): running the rest would only do
    // their side effects unseen. main reports the write error.
    ctx.out.flush();
    if (ctx.out.out().write_error()) return Error::msg(EIO, "output failed").mark_reported();
  }
  if (std::ferror(file.get()))
    return ctx.out.fail(Error::msg(errno ? errno : EIO, std::string("reading batch file failed: ") +
                                                            std::strerror(errno ? errno : EIO)));
  if (!jw) ctx.out.out().print("processed {} commands\n", done);
  return {};
}

}  // namespace bpftool::app
