package io.hostkeeper.worker.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.LogConfig.Codec;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RotationNamingTest {
  private static final Instant T = Instant.parse("2026-11-21T05:06:07Z");
  private final RotationNaming numbered = new RotationNaming("app.log", null, ZoneOffset.UTC);
  private final RotationNaming dated = new RotationNaming("app.log", "yyyyMMdd-HHmmss", ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      // name,           index, codec, base
      "app.log.1,        1,     -,     app.log.1",
      "app.log.12.gz,    12,    GZIP,  app.log.12",
      "app.log.3.zst,    3,     ZSTD,  app.log.3",
      "app.log.0,        0,     -,     -",
      "app.log.01,       0,     -,     -",
      "app.log,          0,     -,     -",
      "app.log.1.bak,    0,     -,     -",
      "other.log.1,      0,     -,     -",
      "app.log.x.gz,     0,     -,     -",
  })
  void parsesNumberedNames(String name, int index, Codec codec, String base) {
    Optional<RotatedFile> f = numbered.parse(Path.of("/l", name), T);
    if (base == null) {
      assertFalse(f.isPresent(), name);
      return;
    }
    assertEquals(index, f.orElseThrow().index());
    assertEquals(codec, f.get().codec());
    assertEquals(base, f.get().base());
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "app.log-20261121-050607,     20261121-050607",
      "app.log-20261121-050607.gz,  20261121-050607",
      "app.log-2026112-050607,      -",
      "app.log-20261121,            -",
      "app.log.1,                   -",
  })
  void parsesDatedNames(String name, String stamp) {
    Optional<RotatedFile> f = dated.parse(Path.of("/l", name), T);
    assertEquals(Optional.ofNullable(stamp), f.map(RotatedFile::stamp), name);
  }

  @Test
  void buildsNamesThatParseBack() {
    assertEquals("app.log-20261121-050607", dated.datedName(T));
    assertEquals("app.log.4", numbered.numbered(4));
    assertEquals("app.log.4.zst", RotationNaming.withCodec("app.log.4", Codec.ZSTD));
    assertEquals(".app.log.1.gz.hk-tmp", RotationNaming.temp("app.log.1.gz"));
    assertTrue(numbered.isTemp(".app.log.1.gz.hk-tmp"));
    assertFalse(numbered.isTemp(".other.log.1.gz.hk-tmp"));
    assertTrue(dated.parse(Path.of("/l", dated.datedName(T) + ".gz"), T).isPresent());
  }

  @Test
  void datedNamesInAnotherZoneUseThatZone() {
    RotationNaming tokyo = new RotationNaming("app.log", "yyyyMMdd-HH", java.time.ZoneId.of("Asia/Tokyo"));
    assertEquals("app.log-20261121-14", tokyo.datedName(T));
  }
}
