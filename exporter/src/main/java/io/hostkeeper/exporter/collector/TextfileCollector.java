package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.config.TextfileConfig;
import io.hostkeeper.common.fs.RegularFileInput;
import io.hostkeeper.common.fs.SafeFiles;
import io.hostkeeper.exporter.collector.textfile.ParsedFamily;
import io.hostkeeper.exporter.collector.textfile.TextFormatParser;
import io.hostkeeper.exporter.collector.textfile.TextfileMerge;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * textfile: merges the {@code *.prom} files of {@code exporter.textfile.directory} (text exposition
 * format) into /metrics, for numbers of the host's own (a cron job's row count, a backup script's
 * result). Files are read in name order. A file that cannot be read or parsed, is larger than
 * {@code max_file_size}, or would take the series past {@code max_series} is skipped and reported in
 * {@code hostkeeper_textfile_file_error{file}}; a family left out is reported in
 * {@code hostkeeper_textfile_family_error{family,reason}}; either sets
 * {@code hostkeeper_textfile_scrape_error} to 1, and every problem is logged once when it appears.
 * The scrape itself never fails for a file's sake.
 *
 * <p>Entries of the directory are never followed: a symbolic link, FIFO, socket or device named
 * {@code *.prom} is refused and reported (the open does not block and does not follow a link, so a
 * writer of the directory cannot make the exporter read a file elsewhere). Unchanged files (same
 * device, inode, size and mtime) are not parsed again.
 */
public final class TextfileCollector implements Collector {
  private static final Logger LOG = LoggerFactory.getLogger(TextfileCollector.class);

  private final Path directory;
  private final long maxFileSize;
  private final int maxSeries;
  private final Map<Path, Cached> cache = new HashMap<>();
  private Set<String> reported = Set.of();

  private record Cached(String key, long size, long mtimeMillis, List<ParsedFamily> families, String error) {}

  /** @param config without a directory the collector exports nothing */
  public TextfileCollector(TextfileConfig config) {
    this.directory = config.directory();
    this.maxFileSize = config.maxFileSize().bytes();
    this.maxSeries = config.maxSeries();
  }

  @Override
  public String name() {
    return "textfile";
  }

  @Override
  public synchronized List<MetricSnapshot> collect(ScrapeContext context) {
    if (directory == null) return List.of(); // enabled without exporter.textfile.directory: nothing to read
    Set<String> problems = new LinkedHashSet<>();
    Families.Gauge mtime = new Families.Gauge("hostkeeper_textfile_mtime_seconds",
        "Modification time of each textfile read, in seconds since the epoch.");
    Families.Gauge fileError = new Families.Gauge("hostkeeper_textfile_file_error",
        "1 for each textfile skipped because it could not be read or parsed, or was over a limit.");
    Families.Gauge familyError = new Families.Gauge("hostkeeper_textfile_family_error",
        "1 for each metric family (or part of one) from the textfiles that was left out, by reason.");
    List<TextfileMerge.FileFamilies> parsed = new ArrayList<>();
    Map<String, Double> mtimes = new java.util.LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "*.prom")) {
      for (Path p : dir) files.add(p);
    } catch (NoSuchFileException e) {
      problems.add("textfile directory " + directory + " does not exist; create it or fix exporter.textfile.directory");
    } catch (IOException e) {
      problems.add("cannot list textfile directory " + directory + ": " + e.getMessage());
    }
    files.sort(null);
    Set<Path> present = new java.util.HashSet<>(files);
    cache.keySet().retainAll(present);
    for (Path file : files) {
      Cached c = read(file);
      if (c.error() != null) {
        problems.add(file + ": " + c.error() + "; file skipped");
        fileError.add(1, "file", file.toString());
        continue;
      }
      parsed.add(new TextfileMerge.FileFamilies(file.toString(), c.families()));
      mtimes.put(file.toString(), (double) Math.floorDiv(c.mtimeMillis(), 1000L)); // whole seconds, as node_exporter
    }
    TextfileMerge.Result merged = TextfileMerge.merge(parsed, maxSeries);
    for (String file : merged.overLimit()) {
      problems.add(file + ": its series would take the total past exporter.textfile.max_series (" + maxSeries + "); file skipped");
      fileError.add(1, "file", file);
      mtimes.remove(file);
    }
    Set<String> familyReasons = new LinkedHashSet<>();
    for (TextfileMerge.Problem p : merged.problems()) {
      problems.add(p.detail());
      if (familyReasons.add(p.family() + "\0" + p.reason())) familyError.add(1, "family", p.family(), "reason", p.reason());
    }
    mtimes.forEach((file, t) -> mtime.add(t, "file", file));
    logNew(problems);
    List<MetricSnapshot> out = new ArrayList<>(merged.snapshots());
    mtime.addTo(out);
    fileError.addTo(out);
    familyError.addTo(out);
    out.add(Families.gauge("hostkeeper_textfile_scrape_error",
        "1 if a textfile or a family in one was skipped (see the exporter log), 0 otherwise.", problems.isEmpty() ? 0 : 1));
    out.add(Families.gauge("hostkeeper_textfile_series", "Series merged into /metrics from the textfiles.", merged.series()));
    return out;
  }

  /** The file's families, from the cache when device, inode, size and mtime are unchanged; or why it was skipped. */
  private Cached read(Path file) {
    try (RegularFileInput in = SafeFiles.openRegularNonBlocking(file)) {
      RegularFileInput.Attributes a = in.attributes();
      Cached old = cache.get(file);
      if (old != null && old.key().equals(a.key()) && old.size() == a.size() && old.mtimeMillis() == a.mtimeMillis()) return old;
      Cached fresh;
      if (a.size() > maxFileSize) {
        fresh = new Cached(a.key(), a.size(), a.mtimeMillis(), List.of(),
            "larger than exporter.textfile.max_file_size (" + a.size() + " > " + maxFileSize + " bytes)");
      } else {
        byte[] bytes = in.readNBytes((int) maxFileSize + 1);
        if (bytes.length > maxFileSize) {
          fresh = new Cached(a.key(), a.size(), a.mtimeMillis(), List.of(), "grew past exporter.textfile.max_file_size while being read");
        } else {
          fresh = parse(a, bytes);
        }
      }
      cache.put(file, fresh);
      return fresh;
    } catch (SafeFiles.NotRegularFileException e) {
      return new Cached("", -1, -1, List.of(), "is " + e.type() + ", not a regular file (links are not followed)");
    } catch (NoSuchFileException e) {
      return new Cached("", -1, -1, List.of(), "vanished while being read");
    } catch (IOException e) {
      return new Cached("", -1, -1, List.of(), "cannot be read: " + e.getMessage());
    }
  }

  private static Cached parse(RegularFileInput.Attributes a, byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new Cached(a.key(), a.size(), a.mtimeMillis(), List.of(), "is not UTF-8 text");
    }
    try {
      return new Cached(a.key(), a.size(), a.mtimeMillis(), TextFormatParser.parse(text), null);
    } catch (TextFormatParser.ParseException e) {
      return new Cached(a.key(), a.size(), a.mtimeMillis(), List.of(), "does not parse: " + e.getMessage());
    }
  }

  /** Logs each problem once when it first appears (not on every scrape), and once when all are gone. */
  private void logNew(Set<String> problems) {
    for (String p : problems) if (!reported.contains(p)) LOG.warn("textfile: {}", p);
    if (problems.isEmpty() && !reported.isEmpty()) LOG.info("textfile: every file in {} is read again", directory);
    reported = Set.copyOf(problems);
  }
}
