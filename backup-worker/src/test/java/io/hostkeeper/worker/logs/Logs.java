package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.ByteSize;
import io.hostkeeper.common.config.CreateConfig;
import io.hostkeeper.common.config.LogConfig;
import io.hostkeeper.common.config.LogConfig.Codec;
import io.hostkeeper.common.config.LogConfig.Mode;
import io.hostkeeper.common.config.RunAsConfig;
import io.hostkeeper.common.config.Schedule;
import java.time.Duration;
import java.util.List;

/** Builds LogConfig records for tests, with the binder's defaults. */
final class Logs {
  String path;
  String name;
  Schedule schedule = new Schedule("@daily", "0 0 0 * * ?", null);
  ByteSize size;
  ByteSize minSize;
  Duration maxAge;
  int keep = 7;
  boolean compress = true;
  Codec compression = Codec.GZIP;
  boolean delayCompress;
  Mode mode = Mode.RENAME;
  CreateConfig create;
  boolean dateExt;
  String dateFormat = "yyyyMMdd-HHmmss";
  boolean missingOk;
  boolean notIfEmpty;
  List<String> postRotate = List.of();
  Duration postRotateTimeout = Duration.ofSeconds(60);
  RunAsConfig runAs;

  static Logs log(String path) {
    Logs l = new Logs();
    l.path = path;
    return l;
  }

  Logs size(long bytes) { size = new ByteSize(bytes); return this; }
  Logs minSize(long bytes) { minSize = new ByteSize(bytes); return this; }
  Logs maxAge(Duration d) { maxAge = d; return this; }
  Logs keep(int n) { keep = n; return this; }
  Logs compress(boolean c) { compress = c; return this; }
  Logs codec(Codec c) { compression = c; return this; }
  Logs delayCompress() { delayCompress = true; return this; }
  Logs copyTruncate() { mode = Mode.COPYTRUNCATE; return this; }
  Logs create(String m, String owner, String group) { create = new CreateConfig(m, owner, group); return this; }
  Logs dateExt(String format) { dateExt = true; dateFormat = format; return this; }
  Logs missingOk() { missingOk = true; return this; }
  Logs notIfEmpty() { notIfEmpty = true; return this; }
  Logs postRotate(String... argv) { postRotate = List.of(argv); return this; }
  Logs postRotateTimeout(Duration d) { postRotateTimeout = d; return this; }
  Logs schedule(Schedule s) { schedule = s; return this; }
  Logs runAs(String user, String group) { runAs = new RunAsConfig(user, group); return this; }

  LogConfig build() {
    return new LogConfig(path, name, schedule, size, minSize, maxAge, keep, compress, compression, delayCompress, mode,
        create, dateExt, dateFormat, missingOk, notIfEmpty, postRotate, postRotateTimeout, null, true, runAs);
  }
}
