package io.hostkeeper.common.config;

import java.nio.file.Path;
import java.util.List;

/** A backup source: either a file tree ({@code path}) or an SQLite database ({@code sqlite}). */
public record SourceConfig(
    Path path,
    Path sqlite,
    /** Globs relative to {@code path}; empty means everything. */
    List<String> include,
    List<String> exclude,
    @Default("false") boolean missingOk,
    /** CSV exports of an sqlite source, from its snapshot; absent: none. */
    @Nullable CsvExportConfig csv) {

  /** Without CSV exports. */
  public SourceConfig(Path path, Path sqlite, List<String> include, List<String> exclude, boolean missingOk) {
    this(path, sqlite, include, exclude, missingOk, null);
  }

  public SourceConfig {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    if ((path == null) == (sqlite == null)) throw new ConfigViolation("give exactly one of path or sqlite");
    if (sqlite != null && (!include.isEmpty() || !exclude.isEmpty())) {
      throw new ConfigViolation("include/exclude apply to path sources only");
    }
    if (csv != null && sqlite == null) throw new ConfigViolation("csv", "applies to sqlite sources only");
  }
}
