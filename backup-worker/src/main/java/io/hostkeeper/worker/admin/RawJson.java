package io.hostkeeper.worker.admin;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** JSON text stored in the history (run details), embedded as is rather than as a string. */
record RawJson(String json) {
  @JsonValue
  @JsonRawValue
  public String value() {
    return json;
  }
}
