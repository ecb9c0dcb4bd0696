package io.hostkeeper.worker.job;

/** Why a run started; stored in the history row's {@code trigger} column. */
public enum RunTrigger {
  /** The job's own schedule fired. */
  SCHEDULE("schedule"),
  /** Started through the admin API or {@code jobs run}. */
  MANUAL("manual"),
  /** Run once at start or resume because the last success is older than the schedule's period. */
  CATCH_UP("catch-up");

  private final String label;

  RunTrigger(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static RunTrigger fromLabel(String label) {
    for (RunTrigger t : values()) if (t.label.equals(label)) return t;
    return SCHEDULE;
  }
}
