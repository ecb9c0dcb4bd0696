package io.hostkeeper.worker.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MountPointsTest {
  @Test
  void mountPointsAreFieldFiveUnescaped() {
    String mountinfo = """
        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        35 22 0:30 / /tmp rw,nosuid shared:14 - tmpfs tmpfs rw
        40 35 8:1 /var/lib/hostkeeper /tmp/app\\040cache rw,relatime shared:1 - ext4 /dev/sda1 rw
        garbage
        """;
    assertEquals(Set.of(Path.of("/"), Path.of("/tmp"), Path.of("/tmp/app cache")), MountPoints.parse(mountinfo));
  }

  @Test
  void theRealTableHoldsTheRoot() throws Exception {
    assertTrue(MountPoints.REAL.current().contains(Path.of("/")));
  }
}
