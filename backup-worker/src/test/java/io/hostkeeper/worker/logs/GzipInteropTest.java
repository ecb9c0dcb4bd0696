package io.hostkeeper.worker.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.testing.RealStack;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the rotation compresses, on one thread or in members on several, is read whole by stock gzip. */
class GzipInteropTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} thread(s)")
  @ValueSource(ints = {1, 2})
  void stockGzipDecompressesItToTheOriginal(int threads) throws Exception {
    Path gzip = RealStack.require("gzip", "gzip");
    // more than one 1 MiB read and more than two 4 MiB members: text with a random stretch inside
    StringBuilder text = new StringBuilder();
    Random r = new Random(7);
    while (text.length() < 9 << 20) {
      text.append("10.1.").append(r.nextInt(256)).append(" GET /item/").append(r.nextInt(5000)).append(" 200\n");
    }
    byte[] data = text.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] noise = new byte[1 << 20];
    r.nextBytes(noise);
    System.arraycopy(noise, 0, data, 3 << 20, noise.length);
    Path gz = dir.resolve("app.log.1.gz");
    try (OutputStream out = Files.newOutputStream(gz)) {
      ParallelGzip.compress(new ByteArrayInputStream(data), out, threads);
    }
    Path back = dir.resolve("back");
    Process p = new ProcessBuilder(gzip.toString(), "-d", "-c", gz.toString())
        .redirectOutput(back.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertArrayEquals(data, Files.readAllBytes(back));
  }
}
