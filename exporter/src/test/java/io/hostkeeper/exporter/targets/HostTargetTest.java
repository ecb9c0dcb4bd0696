package io.hostkeeper.exporter.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostTargetTest {
  private static HostTarget host(String name, String address, Map<String, String> labels) {
    return new HostTarget(name, address, Optional.empty(), labels);
  }

  @ParameterizedTest
  @ValueSource(strings = {"web-1", "pi4.lan", "Host_7", "a", "db01.site-b.example"})
  void validNames(String name) {
    assertEquals(name, host(name, "127.0.0.1:29100", Map.of()).name());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "../etc/passwd|is not valid", ".hidden|is not valid", "a/b|is not valid", "''|is not valid",
      "-dash|is not valid", "web 1|is not valid"})
  void invalidNamesAreRefused(String name, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> host(name, "127.0.0.1:29100", Map.of()));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:29100", "pi4.lan:29100", "[::1]:29100", "[2001:db8::7]:1", "web-1:65535", "host.:80"})
  void validAddresses(String address) {
    assertEquals(address, host("h", address, Map.of()).exporter());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1|has no port", "127.0.0.1:|has no port", "http://pi4:29100|is not a host name",
      "pi4:29100/metrics|port must be", "pi4:0|port must be", "pi4:70000|port must be", ":29100|has no port",
      "pi 4:29100|is not a host name", "::1:29100|is not a host name", "[::1|is not a host name"})
  void invalidAddressesAreRefusedWithTheFormat(String address, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> host("h", address, Map.of()));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains("Write HOST:PORT"), e.getMessage());
  }

  @Test
  void workerAddressIsCheckedToo() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new HostTarget("h", "pi4:29100", Optional.of("pi4"), Map.of()));
    assertTrue(e.getMessage().startsWith("worker address \"pi4\" has no port"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "9site|is not valid", "si-te|is not valid", "__role|reserves", "instance|set from the host name",
      "host|set from the host name", "job|set from the host name"})
  void invalidLabelNamesAreRefused(String key, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> host("h", "pi4:29100", Map.of(key, "x")));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void labelValuesWithoutControlCharactersOrEmptiness() {
    assertThrows(IllegalArgumentException.class, () -> host("h", "pi4:29100", Map.of("site", "a\nb")));
    assertThrows(IllegalArgumentException.class, () -> host("h", "pi4:29100", Map.of("site", "")));
    assertEquals("Küche \"1\"", host("h", "pi4:29100", Map.of("site", "Küche \"1\"")).labels().get("site"));
  }

  @Test
  void labelsParseFromTheCommandLine() {
    assertEquals(Map.of("site", "home", "role", "web"), HostTarget.parseLabels("site=home, role=web"));
    assertEquals(Map.of(), HostTarget.parseLabels(""));
    assertEquals(Map.of("note", "a=b"), HostTarget.parseLabels("note=a=b"));
    var e = assertThrows(IllegalArgumentException.class, () -> HostTarget.parseLabels("site"));
    assertTrue(e.getMessage().contains("is not NAME=VALUE"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> HostTarget.parseLabels("site=a,site=b"));
    assertThrows(IllegalArgumentException.class, () -> HostTarget.parseLabels("site=a,"));
  }

  @Test
  void instanceAndHostComeFirstThenTheUsersLabelsSorted() {
    HostTarget h = new HostTarget("web-1", "pi4:29100", Optional.of("pi4:29101"), Map.of("site", "home", "role", "web"));
    assertEquals(List.of("instance", "host", "role", "site"), List.copyOf(h.allLabels().keySet()));
    assertEquals(List.of(Map.entry("exporter", "pi4:29100"), Map.entry("worker", "pi4:29101")), h.groups());
  }
}
