package io.hostkeeper.common.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class BasicAuthTest {
  /** What {@code htpasswd -nBC 4 prometheus} writes for "s3cret" (the $2y$ prefix htpasswd uses). */
  private static final String HASH = BCrypt.hashpw("s3cret", BCrypt.gensalt(4)).replaceFirst("^\\$2a\\$", "\\$2y\\$");

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rightPasswordPassesWrongOrMissingIsRefused() {
    BasicAuth auth = new BasicAuth(Map.of("prometheus", HASH));
    assertEquals(BasicAuth.Outcome.OK, auth.check(basic("prometheus", "s3cret")));
    assertEquals(BasicAuth.Outcome.INVALID, auth.check(basic("prometheus", "wrong")));
    assertEquals(BasicAuth.Outcome.INVALID, auth.check(basic("nobody", "s3cret")));
    assertEquals(BasicAuth.Outcome.MISSING, auth.check(null));
    assertEquals(BasicAuth.Outcome.MISSING, auth.check("Bearer abc"));
    assertEquals(BasicAuth.Outcome.MISSING, auth.check("Basic %%%"));
    assertEquals(BasicAuth.Outcome.MISSING, auth.check("Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes())));
  }

  @Test
  void aRepeatedScrapePaysBcryptOnceAWrongPasswordEveryTime() {
    AtomicInteger calls = new AtomicInteger();
    BasicAuth auth = new BasicAuth(Map.of("prometheus", HASH), (pw, hash) -> {
      calls.incrementAndGet();
      return BasicAuth.bcryptMatches(pw, hash);
    });
    for (int i = 0; i < 5; i++) assertEquals(BasicAuth.Outcome.OK, auth.check(basic("prometheus", "s3cret")));
    assertEquals(1, calls.get());
    for (int i = 0; i < 3; i++) assertEquals(BasicAuth.Outcome.INVALID, auth.check(basic("prometheus", "wrong")));
    assertEquals(4, calls.get());
  }

  @Test
  void aCachedPasswordOpensOnlyItsOwnUser() {
    AtomicInteger calls = new AtomicInteger();
    BasicAuth auth = new BasicAuth(Map.of("alice", HASH, "bob", BCrypt.hashpw("other", BCrypt.gensalt(4))), (pw, hash) -> {
      calls.incrementAndGet();
      return BasicAuth.bcryptMatches(pw, hash);
    });
    assertEquals(BasicAuth.Outcome.OK, auth.check(basic("alice", "s3cret")));
    assertEquals(BasicAuth.Outcome.INVALID, auth.check(basic("bob", "s3cret")));
    assertEquals(BasicAuth.Outcome.INVALID, auth.check(basic("nobody", "s3cret")));
    assertEquals(BasicAuth.Outcome.INVALID, auth.check(basic("alice", "s3cret ")));
    assertEquals(BasicAuth.Outcome.OK, auth.check(basic("alice", "s3cret")));
    assertEquals(4, calls.get()); // each refusal paid its bcrypt check; only the repeat was cached
  }

  @Test
  void theCacheIsBoundedAndKeyedWithoutThePassword() {
    AtomicInteger calls = new AtomicInteger();
    BasicAuth auth = new BasicAuth(Map.of("u", HASH), (pw, hash) -> {
      calls.incrementAndGet();
      return true; // every password matches, so each one is a cache entry
    });
    for (int i = 0; i <= BasicAuth.CACHE_SIZE; i++) auth.check(basic("u", "pw" + i));
    auth.check(basic("u", "pw0")); // evicted by the one past the bound: checked again
    assertEquals(BasicAuth.CACHE_SIZE + 2, calls.get());
    String key = BasicAuth.cacheKey("u", HASH, "pw0");
    assertFalse(key.contains("pw0"));
    assertEquals(64, key.length());
  }

  @Test
  void parsesUserAndPasswordWithColons() {
    assertArrayEquals(new String[] {"u", "a:b"}, BasicAuth.parse(basic("u", "a:b")));
    assertArrayEquals(new String[] {"u", ""}, BasicAuth.parse(basic("u", "")));
    assertNull(BasicAuth.parse("Basic"));
  }
}
