package io.hostkeeper.worker.admin;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>}. Both sides are hashed with SHA-256 first and the
 * digests compared with {@link MessageDigest#isEqual}, so the time taken says nothing about the
 * token, not even its length.
 */
final class BearerAuth {
  private final byte[] expected;

  BearerAuth(String token) {
    if (token == null || token.isEmpty()) throw new IllegalArgumentException("admin token must not be empty");
    this.expected = sha256(token);
  }

  void check(Context ctx) {
    String header = ctx.header("Authorization");
    String presented = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) presented = header.substring(7).trim();
    boolean ok = MessageDigest.isEqual(expected, sha256(presented == null ? "" : presented)) && presented != null;
    if (!ok) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"hostkeeper-worker\"");
      throw new ApiError(401, "unauthorized", header == null
          ? "missing Authorization: Bearer <token> header (the token is in worker.admin.token_file or the data directory's admin.token)"
          : "invalid bearer token");
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
