package io.hostkeeper.worker.watchdog;

import java.util.Objects;

/**
 * What the policy decided for one input: the state to persist, whether to run the restart command
 * now, and a one-line reason for people.
 */
public record Decision(WatchdogRecord next, Action action, String reason) {

  public enum Action {
    /** Persist {@code next}; nothing to run. */
    NONE,
    /** Persist {@code next} (state restarting), then run the restart command. */
    RESTART,
    /** A manual restart was refused by the gate; {@code next} is unchanged input. */
    REFUSE
  }

  public Decision {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
  }

  public boolean restart() {
    return action == Action.RESTART;
  }
}
