package io.hostkeeper.worker.backup.csv;

import io.hostkeeper.common.config.CsvExportConfig;
import io.hostkeeper.common.fs.SafeFiles;
import io.hostkeeper.worker.backup.archive.SourceProblem;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Exports tables and queries of a database SNAPSHOT (the file the backup already took, never the
 * live database) as CSV, one file at a time: the snapshot is opened read-only with
 * {@code query_only} on, so no query can change it; every table and query is looked up or compiled
 * before anything is written, so a missing table or a query with a syntax error fails the export
 * at once with the source and the query named. Rows are streamed from SQLite through
 * {@link CsvRowWriter} into a private scratch file (memory stays bounded whatever the table's
 * size), which the {@link Sink} archives and this class then deletes: the scratch space needed is
 * the largest single CSV.
 */
public final class SqliteCsvExport {
  private static final int INTERRUPT_CHECK_ROWS = 4096;

  /** Receives the exports in order; a file is deleted once {@code file} returns. */
  public interface Sink {
    void directory(String name) throws IOException;

    void file(String name, Path csv) throws IOException;
  }

  /** One export: its member name, what it is (for messages), and its SQL. */
  record Item(String member, String what, String sql) {}

  private final Path database;
  private final CsvExportConfig config;
  private final Path scratchDir;

  /** @param database the live database's path, for messages only */
  public SqliteCsvExport(Path database, CsvExportConfig config, Path scratchDir) {
    this.database = database;
    this.config = java.util.Objects.requireNonNull(config);
    this.scratchDir = scratchDir;
  }

  public void export(Path snapshot, String databaseMember, Sink sink) throws IOException {
    SQLiteConfig ro = new SQLiteConfig();
    ro.setReadOnly(true);
    try (Connection c = ro.createConnection("jdbc:sqlite:" + snapshot.toAbsolutePath())) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = ON");
      }
      List<Item> tables = new ArrayList<>();
      for (String t : tableNames(c)) {
        tables.add(new Item(CsvNames.table(databaseMember, t), "table " + quote(t), "SELECT * FROM main." + identifier(t)));
      }
      List<Item> queries = new ArrayList<>();
      for (Map.Entry<String, String> q : config.queries().entrySet()) {
        queries.add(new Item(CsvNames.query(databaseMember, q.getKey()), "query " + q.getKey(), q.getValue()));
      }
      List<PreparedStatement> compiled = new ArrayList<>();
      try {
        for (Item q : queries) compiled.add(prepare(c, q));
        sink.directory(CsvNames.directory(databaseMember));
        for (Item t : tables) {
          try (PreparedStatement ps = prepare(c, t)) {
            write(ps, t, sink);
          }
        }
        if (!queries.isEmpty()) sink.directory(CsvNames.queriesDirectory(databaseMember));
        for (int i = 0; i < queries.size(); i++) write(compiled.get(i), queries.get(i), sink);
      } finally {
        for (PreparedStatement ps : compiled) ps.close();
      }
    } catch (SQLException e) {
      throw new SourceProblem("cannot read the snapshot of SQLite database " + database + " for its CSV export: " + sqliteMessage(e), e);
    }
  }

  /** The tables to export, as the database spells them: every ordinary table, or the listed ones. */
  private List<String> tableNames(Connection c) throws SQLException, SourceProblem {
    List<String> out = new ArrayList<>();
    if (config.allTables()) {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
              + " ORDER BY name")) {
        while (rs.next()) out.add(rs.getString(1));
      }
      return out;
    }
    for (String t : config.tables()) {
      String name = canonicalTable(c, t);
      if (name == null) {
        throw new SourceProblem("CSV export: table " + quote(t) + " is not in SQLite database " + database
            + "; fix csv.tables of this source (tables: " + String.join(", ", listTables(c)) + ")");
      }
      out.add(name);
    }
    return out;
  }

  /** The table, view or virtual table's name as the database spells it, or null when there is none (names ignore ASCII case). */
  static String canonicalTable(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_list"
        + " WHERE schema = 'main' AND type IN ('table', 'view', 'virtual') AND name = ? COLLATE NOCASE")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** At most 20 table and view names, quoted, for messages. */
  static List<String> listTables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'view')"
            + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name LIMIT 21")) {
      while (rs.next()) out.add(quote(rs.getString(1)));
    }
    if (out.size() > 20) out.set(20, "...");
    return out.isEmpty() ? List.of("none") : out;
  }

  private PreparedStatement prepare(Connection c, Item item) throws SourceProblem {
    try {
      return c.prepareStatement(item.sql());
    } catch (SQLException e) {
      throw failure(item, e);
    }
  }

  private void write(PreparedStatement ps, Item item, Sink sink) throws IOException {
    SafeFiles.createDirectories(scratchDir, SafeFiles.PRIVATE_DIR);
    Path file = scratchDir.resolve("csv-" + System.nanoTime() + ".csv");
    try {
      try (FileChannel ch = SafeFiles.createNew(file, SafeFiles.PRIVATE_FILE);
          OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
          CsvRowWriter w = new CsvRowWriter(os)) {
        rows(ps, item, w);
      }
      sink.file(item.member(), file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private void rows(PreparedStatement ps, Item item, CsvRowWriter w) throws IOException {
    try (ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      for (int i = 1; i <= n; i++) w.value(md.getColumnLabel(i));
      w.endRow();
      long rows = 0;
      while (rs.next()) {
        for (int i = 1; i <= n; i++) w.value(rs.getObject(i)); // by storage class: Integer/Long, Double, String, byte[] or null
        w.endRow();
        if (++rows % INTERRUPT_CHECK_ROWS == 0 && Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("CSV export of " + item.what() + " of " + database + " interrupted");
        }
      }
    } catch (SQLException e) {
      throw failure(item, e);
    }
  }

  private SourceProblem failure(Item item, SQLException e) {
    String fix = item.what().startsWith("query ")
        ? "; fix csv.queries." + item.what().substring("query ".length()) + " of this source"
        : "";
    return new SourceProblem("CSV export of " + item.what() + " from SQLite database " + database + " failed: "
        + sqliteMessage(e) + fix + " (no archive was kept)", e);
  }

  /** The SQLite error text without the driver's decoration ("[SQLITE_ERROR] SQL error or missing database (...)"). */
  static String sqliteMessage(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int open = m.indexOf(" (");
    if (m.startsWith("[SQLITE_") && open > 0 && m.endsWith(")")) return m.substring(open + 2, m.length() - 1);
    return m;
  }

  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().limit(80).forEach(cp -> {
      if (cp < 0x20 || cp == 0x7f) sb.append(String.format("\\u%04x", cp));
      else sb.appendCodePoint(cp);
    });
    return sb.append(s.codePointCount(0, s.length()) > 80 ? "…\"" : "\"").toString();
  }
}
