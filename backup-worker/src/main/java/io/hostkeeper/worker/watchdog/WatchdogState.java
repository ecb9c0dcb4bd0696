package io.hostkeeper.worker.watchdog;

import java.util.Locale;

/**
 * Where one watched service stands. Exported one-hot as {@code hostkeeper_service_watchdog_state}.
 *
 * <ul>
 *   <li>{@code healthy}: the last check passed (or nothing was checked yet).
 *   <li>{@code failing}: the last check failed; failures are being counted towards
 *       {@code after_failures}.
 *   <li>{@code restarting}: the restart command is running, or it succeeded and the service is in
 *       its grace period (failures are not counted).
 *   <li>{@code cooling_down}: a restart is due but the backoff delay since the previous attempt has
 *       not passed yet, or the last restart command failed.
 *   <li>{@code gave_up}: {@code max_restarts} restarts within {@code window} did not help; no more
 *       restarts until re-armed through the admin API.
 * </ul>
 */
public enum WatchdogState {
  HEALTHY, FAILING, RESTARTING, COOLING_DOWN, GAVE_UP;

  /** The value of the {@code state} label and of the state column. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static WatchdogState fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
