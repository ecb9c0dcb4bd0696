package io.hostkeeper.common.probe;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One unit as {@code systemctl show} reports it.
 *
 * @param unit the name as configured (and passed to systemctl)
 * @param id systemd's canonical name ({@code Id=}, e.g. {@code logger.service} for {@code logger})
 * @param loadState {@code loaded}, {@code not-found}, {@code masked}, {@code error}, ...
 * @param activeState {@code active}, {@code reloading}, {@code inactive}, {@code failed},
 *     {@code activating}, {@code deactivating}
 * @param subState the unit-type specific state, e.g. {@code running}, {@code auto-restart}
 * @param result the result of the last run ({@code success}, {@code exit-code}, ...), "" for unit
 *     types without one
 * @param restarts {@code NRestarts=}: automatic restarts since the unit was last started by hand;
 *     empty for unit types without it (only services have it)
 */
public record UnitStatus(String unit, String id, String loadState, String activeState, String subState, String result, OptionalLong restarts) {

  /** Builds a status from the {@code Key=value} properties of one block. */
  static UnitStatus fromProperties(String unit, Map<String, String> p) {
    OptionalLong restarts = OptionalLong.empty();
    String n = p.getOrDefault("NRestarts", "");
    if (n.matches("\\d{1,18}")) restarts = OptionalLong.of(Long.parseLong(n));
    return new UnitStatus(unit, p.getOrDefault("Id", unit), p.getOrDefault("LoadState", ""), p.getOrDefault("ActiveState", ""),
        p.getOrDefault("SubState", ""), p.getOrDefault("Result", ""), restarts);
  }

  /** Active (or reloading, which is active with a reload under way). */
  public boolean up() {
    return activeState.equals("active") || activeState.equals("reloading");
  }

  /** Why the unit counts as down, "" when it is up. */
  public String reason() {
    if (up()) return "";
    if (loadState.equals("not-found")) return "unit " + id + " not found (LoadState=not-found)";
    if (loadState.equals("masked")) return "unit " + id + " is masked";
    StringBuilder s = new StringBuilder("unit ").append(id).append(" is ").append(activeState.isEmpty() ? "in an unknown state" : activeState);
    if (!subState.isEmpty()) s.append(" (").append(subState);
    if (!result.isEmpty() && !result.equals("success")) s.append(subState.isEmpty() ? " (" : ", ").append("result ").append(result);
    if (!subState.isEmpty() || (!result.isEmpty() && !result.equals("success"))) s.append(')');
    return s.toString();
  }
}
