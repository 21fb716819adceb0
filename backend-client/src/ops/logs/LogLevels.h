#pragma once

// Which level a container's log line names, and which lines continue the record before them. Pure, no I/O, never
// throw; private to the client library (the log parsers use them on every line).

#include "ragdesk/client/ops/logs/LogRecord.h"

#include <string_view>

namespace ragdesk::client::ops {

/// The level a log line names, or Unknown. Looks only at known fields and at the start of the line, so "no errors
/// found" is no error:
/// - JSON objects: a "level", "lvl", "severity", "levelname", "loglevel", "log.level" or "@l" member whose value is
///   a level word or a pino/bunyan number (10 trace ... 60 fatal);
/// - logfmt (`ts=... level=warn msg="..."`): a level/lvl/severity/loglevel key;
/// - glog/klog `E1125 12:00:00.123 ...` (I, W, E, F; D as debug), redis `1:M 25 Nov 2026 12:00:00.123 # ...`
///   (. - debug, * info, # warning);
/// - after leading timestamps, dates, numbers, a time zone and bracketed timestamps or pids: a level word in
///   brackets in any case (`[ERROR]`, `[warn]`, nginx `[crit]`), followed by ':' in any case (`ERROR:`, python
///   `WARNING:root:`, uvicorn `INFO:     `, postgres `LOG:`/`FATAL:`), followed by '[' (logrus `WARN[0000]`), or
///   as a plain word (in any case after a timestamp, upper case at the line's start).
/// Level words: trace/trc, debug/dbg/debug1-5, info/inf/notice/log, warn/warning/wrn, error/err/erro/severe,
/// fatal/ftl/critical/crit/panic/emerg/alert.
LogLevel detectLevel(std::string_view text);

/// True for lines that continue the previous record rather than start one: indented lines (stack frames),
/// "Traceback (most recent call last):", "During handling of ...", "Caused by: ...", python exception lines
/// ("pkg.SomeError: message") and postgres DETAIL/HINT/STATEMENT/CONTEXT/QUERY lines. The parsers give such a line
/// without a level of its own the level of the stream's previous record (a traceback after an ERROR line is an
/// error; one with nothing before it is an error too).
bool isContinuationLine(std::string_view text);

/// True for a line that starts a python traceback ("Traceback (most recent call last):" or "pkg.SomeError: ..."):
/// an error even when no line before it named a level.
bool startsTraceback(std::string_view text);

} // namespace ragdesk::client::ops
