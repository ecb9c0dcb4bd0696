package io.hostkeeper.common.config;

/**
 * Thrown by a config record's compact constructor when its values do not fit together. The binder
 * turns it into a validation error at the record's YAML path (or at {@code key} below it, when
 * given), with the line of that node.
 */
public final class ConfigViolation extends RuntimeException {
  private final String key;

  public ConfigViolation(String message) {
    this(null, message);
  }

  /**
   * @param key the YAML key (snake_case) of the offending component, or a path below the record
   *     such as {@code "services[1].name"}; null for the whole record
   */
  public ConfigViolation(String key, String message) {
    super(message, null, false, false);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
