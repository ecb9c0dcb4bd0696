package io.hostkeeper.common.config;

/** Up when the unit is active; read with one batched {@code systemctl show} per scrape. */
public record SystemdCheck(@Required String unit) {
  public SystemdCheck {
    if (unit != null && !unit.matches("[A-Za-z0-9:_.@\\\\-]{1,255}") ) {
      throw new ConfigViolation("unit", "must be a systemd unit name such as nginx.service (letters, digits and :_.@\\-), got \"" + unit + "\"");
    }
    if (unit != null && unit.startsWith("-")) throw new ConfigViolation("unit", "must not start with '-', got \"" + unit + "\"");
  }
}
