package io.hostkeeper.worker.history;

import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/** One area's view of the state database, migrated on first use (constructors do no I/O). */
public final class AreaDb {
  private final Jdbi jdbi;
  private final String area;
  private final List<String> steps;
  private volatile boolean migrated;

  public AreaDb(Jdbi jdbi, String area, List<String> steps) {
    this.jdbi = Objects.requireNonNull(jdbi);
    this.area = Objects.requireNonNull(area);
    this.steps = List.copyOf(steps);
  }

  /** The database, with this area's migrations applied. */
  public Jdbi get() {
    if (!migrated) {
      synchronized (this) {
        if (!migrated) {
          StateDatabase.migrate(jdbi, area, steps);
          migrated = true;
        }
      }
    }
    return jdbi;
  }
}
