package io.hostkeeper.worker.sqlite;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.DatabaseConfig;
import io.hostkeeper.common.config.LoadedConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of {@code databases:} that need I/O, for {@code check-config} and start-up: the file
 * exists, is an SQLite 3 database, and the worker may rewrite it and create its journal next to it.
 */
public final class SqliteChecks {
  private SqliteChecks() {}

  public static List<ConfigError> check(LoadedConfig loaded) {
    List<ConfigError> errors = new ArrayList<>();
    List<DatabaseConfig> dbs = loaded.config().databases();
    for (int i = 0; i < dbs.size(); i++) {
      try {
        SqliteMaintenance.precheck(dbs.get(i).path());
      } catch (SqliteMaintenance.Refused e) {
        errors.add(loaded.errorAt("databases[" + i + "].path", e.getMessage()));
      } catch (IOException e) {
        errors.add(loaded.errorAt("databases[" + i + "].path", "cannot read " + dbs.get(i).path() + ": " + e.getMessage()));
      }
    }
    return errors;
  }
}
