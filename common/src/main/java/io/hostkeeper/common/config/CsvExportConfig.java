package io.hostkeeper.common.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CSV exports of an SQLite backup source, written into the archive beside the database snapshot
 * and read from that same snapshot. {@code csv: true} is every table; the mapping form names
 * tables and/or read-only queries by name.
 */
@Shorthand
public record CsvExportConfig(
    /** Every ordinary table of the database (not views, virtual tables or sqlite_* tables). */
    @Default("false") boolean allTables,
    /** Tables by name, as the database spells them. */
    List<String> tables,
    /** Name (file name of the export) to one read-only SELECT statement. */
    Map<String, String> queries) {

  private static final java.util.regex.Pattern QUERY_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public CsvExportConfig {
    tables = tables == null ? List.of() : List.copyOf(tables);
    queries = queries == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queries));
    if (allTables && !tables.isEmpty()) {
      throw new ConfigViolation("tables", "all_tables: true already exports every table; remove tables or all_tables");
    }
    if (!allTables && tables.isEmpty() && queries.isEmpty()) {
      throw new ConfigViolation("name at least one table or query, or write csv: true for every table");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      String t = tables.get(i);
      if (t.isEmpty()) throw new ConfigViolation("tables[" + i + "]", "empty table name");
      Integer first = seen.putIfAbsent(t.toLowerCase(Locale.ROOT), i);
      if (first != null) {
        throw new ConfigViolation("tables[" + i + "]", "table " + Texts.quote(t) + " is listed twice (also tables[" + first + "])");
      }
    }
    Map<String, String> names = new HashMap<>();
    for (Map.Entry<String, String> q : queries.entrySet()) {
      String key = "queries." + q.getKey();
      if (!QUERY_NAME.matcher(q.getKey()).matches()) {
        throw new ConfigViolation(key, "a query name must be 1-64 letters, digits, '_' or '-' (it names the CSV file)");
      }
      String other = names.putIfAbsent(q.getKey().toLowerCase(Locale.ROOT), q.getKey());
      if (other != null) {
        throw new ConfigViolation(key, "differs from query " + other + " only in case; the CSV files would collide on some file systems");
      }
      String problem = SelectOnly.problem(q.getValue());
      if (problem != null) throw new ConfigViolation(key, "query " + problem);
    }
  }

  /** {@code csv: true} (every table) or {@code csv: false} (none: null). */
  public static CsvExportConfig parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("true")) return new CsvExportConfig(true, List.of(), Map.of());
    if (t.equalsIgnoreCase("false")) return null;
    throw new IllegalArgumentException("expected true (every table), false, or a mapping"
        + " {tables: [...], queries: {name: \"SELECT ...\"}}, got " + Texts.quote(text));
  }
}
